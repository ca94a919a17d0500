package argil_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func voiceIDs(list []argil.Voice) []string {
	ids := make([]string, 0, len(list))
	for _, v := range list {
		ids = append(ids, v.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestListVoicesReadsTheCatalogAndFilters(t *testing.T) {
	_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
	ctx := context.Background()
	all, err := c.ListVoices(ctx, argil.ListVoicesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 {
		t.Fatalf("voices = %v, want the 6 of the catalog", voiceIDs(all))
	}
	var joao argil.Voice
	for _, v := range all {
		if v.ID == emulator.VoiceJoaoID {
			joao = v
		}
	}
	if joao.Name != "João" || joao.Language != "BRAZILIAN_PORTUGUESE" || joao.Gender != "MALE" || joao.Status != argil.VoiceStatusIdle ||
		joao.CreatedAt != "2024-01-15T09:00:00Z" || joao.UpdatedAt == "" || joao.SampleURL == "" {
		t.Errorf("João = %+v", joao)
	}
	cases := []struct {
		p    argil.ListVoicesParams
		want []string
	}{
		{argil.ListVoicesParams{Language: "ENGLISH"}, []string{emulator.VoiceEmmaID, emulator.VoiceLiamID}},
		{argil.ListVoicesParams{Gender: "FEMALE"}, []string{emulator.VoiceEmmaID, emulator.VoiceSofiaID, emulator.VoiceGretaID}},
		{argil.ListVoicesParams{Language: "ENGLISH", Gender: "MALE"}, []string{emulator.VoiceLiamID}},
		{argil.ListVoicesParams{Language: "HINDI"}, []string{}},
	}
	for _, tc := range cases {
		got, err := c.ListVoices(ctx, tc.p)
		if err != nil {
			t.Fatalf("%+v: %v", tc.p, err)
		}
		w := slices.Clone(tc.want)
		slices.Sort(w)
		if ids := voiceIDs(got); !slices.Equal(ids, w) {
			t.Errorf("ListVoices(%+v) = %v, want %v", tc.p, ids, w)
		}
	}
}

func TestGetVoiceAndNotFound(t *testing.T) {
	_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
	v, err := c.GetVoice(context.Background(), emulator.VoiceGretaID)
	if err != nil || v.Name != "Greta" || v.Language != "GERMAN" || v.Gender != "FEMALE" {
		t.Errorf("Greta = %+v (err %v)", v, err)
	}
	if _, err := c.GetVoice(context.Background(), "00000000-0000-4000-8000-000000000000"); !argil.IsNotFound(err) {
		t.Errorf("unknown voice: err = %v, want a 404", err)
	}
}

func TestCreateVoiceSendsSettingsAtTheTopLevel(t *testing.T) {
	// RejectUnknownVoiceFields makes the emulator refuse any field the contract does not name.
	// A 200 (not 201) answer must be accepted too: the status code is not documented.
	e, c, rec := startCatalogEmulator(t, emulator.Options{RejectUnknownVoiceFields: true, VoiceCreateStatus: http.StatusOK}, http.MethodPost, "/v1/voices")
	stability, speed, boost := 0.35, 1.1, false
	v, err := c.CreateVoice(context.Background(), argil.VoiceCreateArgs{
		Name:           "Narrator",
		AudioURL:       "https://cdn.example.com/narrator.mp3",
		ModelID:        "eleven_multilingual_v2",
		VoiceStability: &stability,
		VoiceSpeed:     &speed,
		SpeakerBoost:   &boost,
	})
	if err != nil {
		t.Fatal(err)
	}
	if v.ID == "" || v.Name != "Narrator" || v.Status != argil.VoiceStatusIdle || v.CreatedAt == "" {
		t.Errorf("created = %+v, want an IDLE voice with an id and createdAt", v)
	}
	got, _ := json.Marshal(rec.last(t))
	want := `{"audioUrl":"https://cdn.example.com/narrator.mp3","modelId":"eleven_multilingual_v2","name":"Narrator","speakerBoost":false,"voiceSpeed":1.1,"voiceStability":0.35}`
	if string(got) != want {
		t.Errorf("request body = %s, want %s (settings top-level, unset ones left out, false kept)", got, want)
	}
	if fetched, err := c.GetVoice(context.Background(), v.ID); err != nil || fetched.Name != "Narrator" {
		t.Errorf("GET the new voice = %+v (err %v)", fetched, err)
	}
	if n := e.Count("POST /voices"); n != 1 {
		t.Errorf("POST /voices sent %d times, want 1", n)
	}
}

func TestCreateVoiceRefusedByTheAPI(t *testing.T) {
	_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
	speed := 2.0
	_, err := c.CreateVoice(context.Background(), argil.VoiceCreateArgs{Name: "Fast", AudioURL: "https://example.com/a.mp3", VoiceSpeed: &speed})
	if argil.StatusCode(err) != 400 || argil.IsAmbiguous(err) {
		t.Errorf("err = %v, want a plain HTTP 400 (not ambiguous)", err)
	}
}

func TestVoiceDecodingIsTolerant(t *testing.T) {
	var v argil.Voice
	raw := `{"id":"v1","name":"N","createAt":"2023-11-07T05:31:56Z","status":"CLONING","language":null,"gender":null,"sampleUrl":null,"extra":[1]}`
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	if v != (argil.Voice{ID: "v1", Name: "N", CreatedAt: "2023-11-07T05:31:56Z", Status: "CLONING"}) {
		t.Errorf("voice = %+v", v)
	}
}
