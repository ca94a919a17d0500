package emulator

import (
	"fmt"
	"time"
)

// Ids of the built-in catalog. They are stable across runs, so tests and demos can name them.
const (
	// AvatarEmmaID is a public 16:9 ARGIL_V1 avatar (voice VoiceEmmaID).
	AvatarEmmaID = "a1b2c3d4-0001-4000-8000-000000000001"
	// AvatarLiamID is a public 9:16 ARGIL_V1 avatar (voice VoiceLiamID).
	AvatarLiamID = "a1b2c3d4-0002-4000-8000-000000000002"
	// AvatarSofiaID is a public 16:9 ARGIL_ATOM avatar (voice VoiceSofiaID).
	AvatarSofiaID = "a1b2c3d4-0003-4000-8000-000000000003"
	// AvatarNoahID is a public 9:16 ARGIL_ATOM avatar (voice VoiceNoahID).
	AvatarNoahID = "a1b2c3d4-0004-4000-8000-000000000004"

	// VoiceEmmaID is an ENGLISH FEMALE voice.
	VoiceEmmaID = "b1b2c3d4-0001-4000-8000-000000000001"
	// VoiceLiamID is an ENGLISH MALE voice.
	VoiceLiamID = "b1b2c3d4-0002-4000-8000-000000000002"
	// VoiceSofiaID is a SPANISH FEMALE voice.
	VoiceSofiaID = "b1b2c3d4-0003-4000-8000-000000000003"
	// VoiceNoahID is a FRENCH MALE voice.
	VoiceNoahID = "b1b2c3d4-0004-4000-8000-000000000004"
	// VoiceGretaID is a GERMAN FEMALE voice.
	VoiceGretaID = "b1b2c3d4-0005-4000-8000-000000000005"
	// VoiceJoaoID is a BRAZILIAN_PORTUGUESE MALE voice.
	VoiceJoaoID = "b1b2c3d4-0006-4000-8000-000000000006"

	// SubtitleStyleClassicID is the first of the 12 built-in subtitle styles; the others are
	// c1b2c3d4-00NN-4000-8000-0000000000NN for NN = 02..12 (see SubtitleStyleID).
	SubtitleStyleClassicID = "c1b2c3d4-0001-4000-8000-000000000001"

	// AssetMusicCalmID, AssetMusicUpbeatID and AssetMusicCorporateID are READY AUDIO
	// assets of the background-music library.
	AssetMusicCalmID      = "d1b2c3d4-0001-4000-8000-000000000001"
	AssetMusicUpbeatID    = "d1b2c3d4-0002-4000-8000-000000000002"
	AssetMusicCorporateID = "d1b2c3d4-0003-4000-8000-000000000003"
)

// subtitleStyleNames are the built-in styles, in order.
var subtitleStyleNames = []string{"Classic", "Bold", "Karaoke", "Minimal", "Neon", "Typewriter",
	"Outline", "Shadow", "Highlight", "Pop", "Cinema", "Handwritten"}

// SubtitleStyleID returns the id of the n-th built-in subtitle style (1-based, 1..12).
func SubtitleStyleID(n int) string {
	return fmt.Sprintf("c1b2c3d4-%04d-4000-8000-%012d", n, n)
}

// catalogTime is the creation time of every catalog item.
var catalogTime = time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)

// loadCatalog fills the public avatars, voices, subtitle styles and music assets.
func (e *Emulator) loadCatalog() {
	voices := []struct{ id, name, lang, gender string }{
		{VoiceEmmaID, "Emma", "ENGLISH", "FEMALE"},
		{VoiceLiamID, "Liam", "ENGLISH", "MALE"},
		{VoiceSofiaID, "Sofia", "SPANISH", "FEMALE"},
		{VoiceNoahID, "Noah", "FRENCH", "MALE"},
		{VoiceGretaID, "Greta", "GERMAN", "FEMALE"},
		{VoiceJoaoID, "João", "BRAZILIAN_PORTUGUESE", "MALE"},
	}
	for _, v := range voices {
		e.voices[v.id] = &voice{seq: e.nextSeq(), id: v.id, name: v.name, createdAt: catalogTime, updatedAt: catalogTime,
			status: "IDLE", language: v.lang, gender: v.gender, public: true}
	}
	avatars := []struct{ id, name, orientation, model, voice string }{
		{AvatarEmmaID, "Emma", "ASPECT_RATIO_16_9", "ARGIL_V1", VoiceEmmaID},
		{AvatarLiamID, "Liam", "ASPECT_RATIO_9_16", "ARGIL_V1", VoiceLiamID},
		{AvatarSofiaID, "Sofia", "ASPECT_RATIO_16_9", "ARGIL_ATOM", VoiceSofiaID},
		{AvatarNoahID, "Noah", "ASPECT_RATIO_9_16", "ARGIL_ATOM", VoiceNoahID},
	}
	for _, a := range avatars {
		av := &avatar{seq: e.nextSeq(), id: a.id, name: a.name + " (office)", actorName: a.name, createdAt: catalogTime,
			updatedAt: catalogTime, orientation: a.orientation, model: a.model, voiceID: a.voice, public: true,
			extras: map[string]string{}, outcome: AvatarStatusIdle, notified: true}
		av.width, av.height = dimensions(a.orientation)
		for i, label := range []string{"Wave", "Point", "Nod", "Open hands"} {
			av.gestures = append(av.gestures, gesture{Label: label, Slug: fmt.Sprintf("gesture-%d", i+1), StartFrame: float64(i * 120)})
		}
		e.avatars[a.id] = av
	}
	for i, name := range subtitleStyleNames {
		e.styles = append(e.styles, subtitleStyle{ID: SubtitleStyleID(i + 1), Name: name})
	}
	music := []struct{ id, name string }{
		{AssetMusicCalmID, "Calm piano"},
		{AssetMusicUpbeatID, "Upbeat pop"},
		{AssetMusicCorporateID, "Corporate"},
	}
	for _, m := range music {
		e.assets[m.id] = &asset{seq: e.nextSeq(), id: m.id, name: m.name, typ: "AUDIO", createdAt: catalogTime, outcome: AssetStatusReady, system: true}
	}
}

// dimensions are the pixel sizes of an avatar orientation.
func dimensions(orientation string) (int, int) {
	if orientation == "ASPECT_RATIO_9_16" {
		return 1080, 1920
	}
	return 1920, 1080
}
