package emulator

import (
	"crypto/rand"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
)

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func videoMediaURL(base, id string, subtitled bool) string {
	if subtitled {
		return base + "/media/" + id + ".subtitled.mp4"
	}
	return base + "/media/" + id + ".mp4"
}

func momentMediaURL(base, id string, i int, ext string) string {
	return base + "/media/" + id + "/moments/" + strconv.Itoa(i) + "." + ext
}

func previewURL(base, id string) string { return base + "/preview/" + id }

// fakeMP4 is a tiny body that starts like an MP4 file (an ftyp box); it is not playable.
var fakeMP4 = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isomargil-emulator fake video\n")

// fakeMP3 is a tiny body that starts like an MP3 file (an ID3 tag); it is not playable.
var fakeMP3 = []byte("ID3\x04\x00\x00\x00\x00\x00\x00argil-emulator fake audio\n")

// serveMedia serves /media/{id}.mp4 and /media/{id}.subtitled.mp4 of a DONE video (and
// 404 for anything else). No API key is needed: the URLs are public, as Argil's are.
func (e *Emulator) serveMedia(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	subtitled := strings.HasSuffix(file, ".subtitled.mp4")
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".subtitled.mp4"), ".mp4")
	if id == file {
		http.NotFound(w, r)
		return
	}
	e.mu.Lock()
	v := e.videos[id]
	ok := v != nil && e.phaseAt(v, e.now()).videoDone && (!subtitled || v.subtitlesEnabled())
	e.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeBody(w, r, "video/mp4", fakeMP4)
}

// serveMomentMedia serves /media/{id}/moments/{i}.mp3 (once the audio is generated) and
// /media/{id}/moments/{i}.mp4 (once the video is DONE).
func (e *Emulator) serveMomentMedia(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	idx, ext, _ := strings.Cut(file, ".")
	i, err := strconv.Atoi(idx)
	if err != nil || (ext != "mp3" && ext != "mp4") {
		http.NotFound(w, r)
		return
	}
	e.mu.Lock()
	v := e.videos[r.PathValue("id")]
	ok := false
	if v != nil && i >= 0 && i < len(v.moments) {
		ph := e.phaseAt(v, e.now())
		ok = (ext == "mp3" && ph.audioDone && v.moments[i].AudioURL == "") || (ext == "mp4" && ph.videoDone)
	}
	e.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ext == "mp3" {
		writeBody(w, r, "audio/mpeg", fakeMP3)
		return
	}
	writeBody(w, r, "video/mp4", fakeMP4)
}

// servePreview serves the embeddable preview page of any existing video.
func (e *Emulator) servePreview(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	v := e.videos[r.PathValue("id")]
	var name, status string
	if v != nil {
		name, status = v.name, e.phaseAt(v, e.now()).status
	}
	e.mu.Unlock()
	if v == nil {
		http.NotFound(w, r)
		return
	}
	page := "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(name) +
		"</title></head><body"
	if r.URL.Query().Get("embed") == "true" {
		page += ` class="embed"`
	}
	page += "><h1>" + html.EscapeString(name) + "</h1><p>Status: " + html.EscapeString(status) +
		"</p><p>Argil emulator preview.</p></body></html>\n"
	writeBody(w, r, "text/html; charset=utf-8", []byte(page))
}

func writeBody(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// fakeJPEG is a tiny body that starts like a JPEG file; it is not a viewable image.
var fakeJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00argil-emulator fake image\xff\xd9")

// serveAvatarMedia serves /media/avatars/{id}.thumbnail.jpg and {id}.cover.jpg.
func (e *Emulator) serveAvatarMedia(w http.ResponseWriter, r *http.Request) {
	id, kind, _ := strings.Cut(r.PathValue("file"), ".")
	e.mu.Lock()
	ok := e.avatars[id] != nil && (kind == "thumbnail.jpg" || kind == "cover.jpg")
	e.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeBody(w, r, "image/jpeg", fakeJPEG)
}

// serveVoiceMedia serves /media/voices/{id}.mp3, the voice's sample.
func (e *Emulator) serveVoiceMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".mp3")
	e.mu.Lock()
	ok = ok && e.voices[id] != nil
	e.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeBody(w, r, "audio/mpeg", fakeMP3)
}

// serveAssetMedia serves /media/assets/{id}.{mp3|jpg|mp4} and {id}.thumbnail.jpg of READY
// assets, soft-deleted ones included (videos using them keep rendering).
func (e *Emulator) serveAssetMedia(w http.ResponseWriter, r *http.Request) {
	id, rest, _ := strings.Cut(r.PathValue("file"), ".")
	e.mu.Lock()
	a := e.assets[id]
	var ctype string
	var body []byte
	if a != nil && e.assetStatus(a, e.now()) == AssetStatusReady {
		switch {
		case rest == "thumbnail.jpg" && a.typ != "AUDIO", rest == "jpg" && a.typ == "IMAGE":
			ctype, body = "image/jpeg", fakeJPEG
		case rest == "mp3" && a.typ == "AUDIO":
			ctype, body = "audio/mpeg", fakeMP3
		case rest == "mp4" && a.typ == "VIDEO":
			ctype, body = "video/mp4", fakeMP4
		}
	}
	e.mu.Unlock()
	if body == nil {
		http.NotFound(w, r)
		return
	}
	writeBody(w, r, ctype, body)
}
