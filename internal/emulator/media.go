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
	e.serveFile(w, r, func() (string, []byte) {
		v := e.videos[id]
		if id == file || v == nil || !e.phaseAt(v, e.now()).videoDone || (subtitled && !v.subtitlesEnabled()) {
			return "", nil
		}
		return "video/mp4", fakeMP4
	})
}

// serveMomentMedia serves /media/{id}/moments/{i}.mp3 (once the audio is generated) and
// /media/{id}/moments/{i}.mp4 (once the video is DONE).
func (e *Emulator) serveMomentMedia(w http.ResponseWriter, r *http.Request) {
	idx, ext, _ := strings.Cut(r.PathValue("file"), ".")
	i, err := strconv.Atoi(idx)
	e.serveFile(w, r, func() (string, []byte) {
		v := e.videos[r.PathValue("id")]
		if err != nil || v == nil || i < 0 || i >= len(v.moments) {
			return "", nil
		}
		ph := e.phaseAt(v, e.now())
		switch {
		case ext == "mp3" && ph.audioDone && v.moments[i].AudioURL == "":
			return "audio/mpeg", fakeMP3
		case ext == "mp4" && ph.videoDone:
			return "video/mp4", fakeMP4
		}
		return "", nil
	})
}

// servePreview serves the embeddable preview page of any existing video.
func (e *Emulator) servePreview(w http.ResponseWriter, r *http.Request) {
	e.serveFile(w, r, func() (string, []byte) {
		v := e.videos[r.PathValue("id")]
		if v == nil {
			return "", nil
		}
		name, status := html.EscapeString(v.name), html.EscapeString(e.phaseAt(v, e.now()).status)
		page := "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + name + "</title></head><body"
		if r.URL.Query().Get("embed") == "true" {
			page += ` class="embed"`
		}
		page += "><h1>" + name + "</h1><p>Status: " + status + "</p><p>Argil emulator preview.</p></body></html>\n"
		return "text/html; charset=utf-8", []byte(page)
	})
}

// serveFile serves the file that find returns (its content type and body), or answers 404
// when find returns no body. find runs with e.mu held.
func (e *Emulator) serveFile(w http.ResponseWriter, r *http.Request, find func() (contentType string, body []byte)) {
	e.mu.Lock()
	contentType, body := find()
	e.mu.Unlock()
	if body == nil {
		http.NotFound(w, r)
		return
	}
	writeBody(w, r, contentType, body)
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
	e.serveFile(w, r, func() (string, []byte) {
		if e.avatars[id] == nil || (kind != "thumbnail.jpg" && kind != "cover.jpg") {
			return "", nil
		}
		return "image/jpeg", fakeJPEG
	})
}

// serveVoiceMedia serves /media/voices/{id}.mp3, the voice's sample.
func (e *Emulator) serveVoiceMedia(w http.ResponseWriter, r *http.Request) {
	id, mp3 := strings.CutSuffix(r.PathValue("file"), ".mp3")
	e.serveFile(w, r, func() (string, []byte) {
		if !mp3 || e.voices[id] == nil {
			return "", nil
		}
		return "audio/mpeg", fakeMP3
	})
}

// serveAssetMedia serves /media/assets/{id}.{mp3|jpg|mp4} and {id}.thumbnail.jpg of READY
// assets, soft-deleted ones included (videos using them keep rendering).
func (e *Emulator) serveAssetMedia(w http.ResponseWriter, r *http.Request) {
	id, rest, _ := strings.Cut(r.PathValue("file"), ".")
	e.serveFile(w, r, func() (string, []byte) {
		a := e.assets[id]
		if a == nil || e.assetStatus(a, e.now()) != AssetStatusReady {
			return "", nil
		}
		switch {
		case rest == "thumbnail.jpg" && a.typ != "AUDIO", rest == "jpg" && a.typ == "IMAGE":
			return "image/jpeg", fakeJPEG
		case rest == "mp3" && a.typ == "AUDIO":
			return "audio/mpeg", fakeMP3
		case rest == "mp4" && a.typ == "VIDEO":
			return "video/mp4", fakeMP4
		}
		return "", nil
	})
}
