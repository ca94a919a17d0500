// Command argil-probe checks, at no cost, that the Argil API answers the way the provider
// expects: the contract embedded in the binary (the OpenAPI document the emulator follows) and
// the behaviours the provider relies on. It reads ARGIL_API_KEY and ARGIL_BASE_URL and sends
// only free, read-only GET requests; its HTTP layer refuses any other method.
//
// Usage:
//
//	ARGIL_API_KEY=... argil-probe [-json] [-record DIR] [-timeout 30s]
//
// Exit status: 0 when every check holds, 1 on a divergence, 2 on a usage or network error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// defaultPace keeps the probe under 3 requests per second.
const defaultPace = 400 * time.Millisecond

const (
	exitOK         = 0
	exitDivergence = 1
	exitError      = 2
)

const usageText = `Usage: argil-probe [-json] [-record DIR] [-timeout 30s]

Checks that the Argil API answers as the provider expects: the Argil v1 contract embedded
in this binary, and the behaviours the provider relies on. Each divergence names the
provider behaviour that depends on it.

It makes only free, read-only GET requests, at most 3 per second: the lists (videos,
avatars, voices, assets, webhooks, subtitle styles), one of each item when there is one,
GET /videos with an extrasFilter, a random video id (the 404 answer), and one request with
a made-up key (the 401 answer). It never sends POST, PUT or DELETE: nothing is created,
changed, rendered, deleted or paid for.

Environment:
  ARGIL_API_KEY   the API key (required). Never printed, never recorded.
  ARGIL_BASE_URL  the API root (default https://api.argil.ai/v1); https, or plain http
                  on a loopback address only (the Argil emulator).

Exit status: 0 when every check holds, 1 on a divergence, 2 on a usage or network error.

Flags:
`

// env is what run takes from the process, so that tests can give their own.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	pace           time.Duration
	sleep          func(context.Context, time.Duration) error // nil: a real sleep
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr, pace: defaultPace})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, e env) int {
	key := e.getenv("ARGIL_API_KEY")
	redact := newRedactor(key)
	fail := func(format string, a ...any) int {
		_, _ = fmt.Fprintln(e.stderr, redact.String("argil-probe: "+fmt.Sprintf(format, a...)))
		return exitError
	}

	fs := flag.NewFlagSet("argil-probe", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Parse's own messages: run prints them below
	asJSON := fs.Bool("json", false, "print the results as a JSON array of {\"operation\", \"ok\", \"detail\"}")
	recordDir := fs.String("record", "", "save each answer (status, headers without secrets, body) and the results in `DIR`, for a bug report; the key is never written")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of each request")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, _ = fmt.Fprint(e.stdout, usageText)
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			return exitOK
		}
		return fail("%v (see -h)", err)
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (see -h)", fs.Arg(0))
	}
	if strings.TrimSpace(key) == "" {
		return fail("ARGIL_API_KEY is not set: the probe needs an Argil API key (see -h)")
	}
	if *timeout <= 0 {
		return fail("-timeout must be positive")
	}
	baseURL := e.getenv("ARGIL_BASE_URL")
	if baseURL == "" {
		baseURL = argil.DefaultBaseURL
	}
	base, err := argil.ValidateBaseURL(baseURL)
	if err != nil {
		return fail("ARGIL_BASE_URL: %v", err)
	}
	c, err := loadContract()
	if err != nil {
		return fail("%v", err)
	}

	sleep := e.sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	p := &probe{
		g: &getter{base: base, key: key, wrongKey: "argil-probe-wrong-key-" + randomHex(12), hc: newHTTPClient(*timeout),
			pace: e.pace, now: time.Now, sleep: sleep},
		c:    c,
		done: map[string]*exchange{},
	}
	var rec *recorder
	if *recordDir != "" {
		if rec, err = newRecorder(*recordDir, base.String(), redact); err != nil {
			return fail("-record: %v", err)
		}
		p.onSave = rec.save
	}

	results, runErr := p.run(ctx)
	if results == nil {
		results = []result{} // -json prints [] when nothing was checked
	}
	for i := range results {
		results[i].Detail = redact.String(results[i].Detail)
	}
	if rec != nil {
		rec.results(results)
		if rec.err != nil {
			_ = fail("-record: %v", rec.err)
		}
	}
	if err := printResults(e.stdout, results, *asJSON); err != nil {
		return fail("%v", err)
	}
	if runErr != nil {
		var nerr *networkError
		if errors.As(runErr, &nerr) {
			return fail("%v (network error: the probe stopped there)", runErr)
		}
		return fail("%v", runErr)
	}
	code := exitOK
	for _, r := range results {
		switch {
		case r.failed || (rec != nil && rec.err != nil):
			return exitError
		case !r.OK:
			code = exitDivergence
		}
	}
	return code
}

func printResults(w io.Writer, results []result, asJSON bool) error {
	if asJSON {
		data, err := json.MarshalIndent(results, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	}
	for _, r := range results {
		mark := "ok"
		switch {
		case r.skipped:
			mark = "skip"
		case r.failed:
			mark = "error"
		case !r.OK:
			mark = "FAIL"
		}
		line := fmt.Sprintf("%-5s %s", mark, r.Operation)
		if r.Detail != "" {
			line += ": " + r.Detail
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
