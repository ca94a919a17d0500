// Command argil-emulator serves the Argil v1 API emulator (internal/emulator) over HTTP, for
// demos, manual testing and offline CI.
//
// Usage:
//
//	argil-emulator [-addr 127.0.0.1:8787] [-api-key emulator-key] [-audio-phase 2s]
//	               [-video-phase 4s] [-seed-file videos.json] [-rate-limit 0] [-error-rate 0]
//	               [-latency 0] [-seed 0] [-created-at-key createdAt] [-avatar-training 2s]
//	               [-asset-processing 1s] [-hang-rate 0] [-forbidden-rate 0] [-unknown-field]
//	               [-port-file PATH] [-allow-remote] [-finished-reads-idle] [-render-queue 0]
//	               [-slow-accept 0] [-short-list-items] [-bare-array-list] [-accept-node-values]
//
// It prints "argil-emulator listening on http://HOST:PORT/v1" to stderr and stops on SIGINT
// or SIGTERM. The API key is taken from -api-key only: the ARGIL_API_KEY environment
// variable is ignored on purpose, so that a real key in a developer's environment is never
// mistaken for (or leaked to) the emulator.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func main() {
	log.SetFlags(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		log.Fatalf("argil-emulator: %v", err)
	}
}

// run serves until ctx is done (SIGINT or SIGTERM in main).
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("argil-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8787", "listen address (host:port; port 0 picks a free port)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback listen address")
	apiKey := fs.String("api-key", emulator.DefaultAPIKey, "accepted x-api-key (ARGIL_API_KEY is ignored on purpose)")
	audioPhase := fs.Duration("audio-phase", emulator.DefaultAudioPhase, "how long a render stays GENERATING_AUDIO")
	videoPhase := fs.Duration("video-phase", emulator.DefaultVideoPhase, "how long a render stays GENERATING_VIDEO (a Video's duration follows its script, about 15 characters per second, not this phase)")
	seedFile := fs.String("seed-file", "", "JSON file of videos to seed: an array of SeedVideo, or {\"videos\": [...]}")
	rateLimit := fs.Float64("rate-limit", 0, "requests per second allowed per API key (0 = unlimited)")
	errorRate := fs.Float64("error-rate", 0, "fraction [0,1] of GET requests answered with a 5xx")
	hangRate := fs.Float64("hang-rate", 0, "fraction [0,1] of GET requests held until the client gives up")
	forbiddenRate := fs.Float64("forbidden-rate", 0, "fraction [0,1] of /v1 requests answered 403")
	unknownField := fs.Bool("unknown-field", false, "add fields unknown to the contract to every Video")
	latency := fs.Duration("latency", 0, "latency added before every /v1 response")
	createdAtKey := fs.String("created-at-key", "createdAt", "creation timestamp key of avatars, voices and webhooks: createdAt or createAt")
	avatarTraining := fs.Duration("avatar-training", emulator.DefaultAvatarTraining, "how long a created avatar stays TRAINING")
	assetProcessing := fs.Duration("asset-processing", emulator.DefaultAssetProcessing, "how long a created asset stays PROCESSING")
	seed := fs.Int64("seed", 0, "seed of the random source used by the fault knobs")
	remoteDeliveries := fs.Bool("allow-remote-deliveries", false, "send render callbacks and webhook events to hosts that are not on loopback (off: such deliveries are only recorded)")
	portFile := fs.String("port-file", "", "write the actual listen address (host:port) to this file")
	finishedIdle := fs.Bool("finished-reads-idle", false, "report a finished render as IDLE (with its URLs) instead of DONE")
	renderQueue := fs.Duration("render-queue", 0, "how long an accepted render stays IDLE (queued) before it starts")
	slowAccept := fs.Duration("slow-accept", 0, "delay the answer of POST /videos and POST /videos/{id}/render; the request acts when the answer is due, even if the client gave up")
	shortList := fs.Bool("short-list-items", false, "leave previewUrl, duration and aspectRatio out of GET /videos items")
	bareList := fs.Bool("bare-array-list", false, "answer GET /videos with a bare JSON array instead of a page")
	nodeValues := fs.Bool("accept-node-values", false, "accept the layout and subtitles.position values Argil's n8n node sends (not in the docs)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("-addr: %v", err)
	}
	if !*allowRemote && !isLoopback(host) {
		return fmt.Errorf("-addr %s is not a loopback address; pass -allow-remote to listen on it", *addr)
	}
	if *renderQueue < 0 || *slowAccept < 0 {
		return errors.New("-render-queue and -slow-accept must be >= 0")
	}
	if *createdAtKey != "createdAt" && *createdAtKey != "createAt" {
		return fmt.Errorf("-created-at-key must be createdAt or createAt")
	}
	faults := emulator.Faults{RateLimit: *rateLimit, ErrorRate: *errorRate, Latency: *latency,
		HangRate: *hangRate, ForbiddenRate: *forbiddenRate, UnknownField: *unknownField}
	if err := validateFaults(faults); err != nil {
		return err
	}

	emu := emulator.New(emulator.Options{
		APIKey:                *apiKey,
		AudioPhase:            *audioPhase,
		VideoPhase:            *videoPhase,
		Seed:                  *seed,
		CreatedAtKey:          *createdAtKey,
		AvatarTraining:        *avatarTraining,
		AssetProcessing:       *assetProcessing,
		AllowRemoteDeliveries: *remoteDeliveries,
		FinishedReadsIdle:     *finishedIdle,
		RenderQueue:           *renderQueue,
		SlowAccept:            *slowAccept,
		ShortListItems:        *shortList,
		BareArrayList:         *bareList,
		AcceptNodeValues:      *nodeValues,
	})
	defer emu.Close()
	emu.SetFaults(faults)
	if *seedFile != "" {
		videos, err := readSeedFile(*seedFile)
		if err != nil {
			return err
		}
		for _, v := range videos {
			log.Printf("seeded video %s (%s)", emu.SeedVideo(v), v.Name)
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	actual := ln.Addr().String()
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(actual+"\n"), 0o644); err != nil {
			_ = ln.Close()
			return fmt.Errorf("-port-file: %v", err)
		}
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Printf("argil-emulator listening on http://%s/v1", actual)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	log.Printf("argil-emulator stopped")
	return nil
}

// validateFaults checks the fault flags.
func validateFaults(f emulator.Faults) error {
	for _, r := range []struct {
		name string
		v    float64
	}{{"-error-rate", f.ErrorRate}, {"-hang-rate", f.HangRate}, {"-forbidden-rate", f.ForbiddenRate}} {
		if r.v < 0 || r.v > 1 {
			return fmt.Errorf("%s must be within [0,1]", r.name)
		}
	}
	if f.RateLimit < 0 || f.Latency < 0 {
		return errors.New("-rate-limit and -latency must be >= 0")
	}
	return nil
}

// isLoopback reports whether host names a loopback address ("localhost" counts).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readSeedFile reads an array of SeedVideo, or an object {"videos": [...]}.
func readSeedFile(path string) ([]emulator.SeedVideo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-seed-file: %v", err)
	}
	var list []emulator.SeedVideo
	if err := json.Unmarshal(b, &list); err == nil {
		return list, nil
	}
	var wrapped struct {
		Videos []emulator.SeedVideo `json:"videos"`
	}
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return nil, fmt.Errorf("-seed-file %s: want a JSON array of videos or {\"videos\": [...]}: %v", path, err)
	}
	return wrapped.Videos, nil
}
