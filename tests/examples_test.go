package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// exampleFolders lists every folder under examples/ that holds Terraform files, relative to
// examples/ (e.g. "resources/argil_video").
func exampleFolders(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(repoRoot(t), "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".terraform") || d.Name() == "tests") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			if !slices.Contains(dirs, rel) {
				dirs = append(dirs, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	return dirs
}

// usesFunctions tells whether a folder calls provider functions (Terraform >= 1.8).
func usesFunctions(t *testing.T, dir string) bool {
	return someFileMatches(t, dir, regexp.MustCompile(`provider::`))
}

// usesWriteOnly tells whether a folder sets a write-only argument (`..._wo`, Terraform >= 1.11).
func usesWriteOnly(t *testing.T, dir string) bool {
	return someFileMatches(t, dir, regexp.MustCompile(`(?m)^\s*\w+_wo\s*=`))
}

// someFileMatches tells whether one of the *.tf files of dir matches re.
func someFileMatches(t *testing.T, dir string, re *regexp.Regexp) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if re.Match(b) {
			return true
		}
	}
	return false
}

// writeRequests counts the requests that change something at Argil.
func writeRequests(e *emulator.Emulator) int {
	n := 0
	for route, c := range e.Counts() {
		if !strings.HasPrefix(route, "GET ") && !strings.HasPrefix(route, "HEAD ") {
			n += c
		}
	}
	return n
}

// TestExamples applies every folder under examples/ as a user copies it, against a fresh
// emulator, with only ARGIL_BASE_URL and ARGIL_API_KEY set and the provider installed by
// dev_overrides (no terraform init): apply, a second plan that must be empty, then destroy.
// In examples/resources/*, every resource is then imported again (import blocks, as
// import.sh would): the plan after the import must replace nothing, and applying it must send
// Argil no write request.
func TestExamples(t *testing.T) {
	tf := tfcli.Binary(t)
	functions, version := atLeast(t, tf, 8)
	writeOnly, _ := atLeast(t, tf, 11)
	importBlocks, _ := atLeast(t, tf, 5)
	for _, rel := range exampleFolders(t) {
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(repoRoot(t), "examples", rel)
			if !functions && usesFunctions(t, src) {
				t.Skipf("uses provider functions, which need Terraform >= 1.8 (this is %s)", version)
			}
			if !writeOnly && usesWriteOnly(t, src) {
				t.Skipf("sets write-only arguments, which need Terraform >= 1.11 (this is %s)", version)
			}
			e := startEmulator(t)
			c := cliIn(t, e, copyDir(t, src))

			mustRun(c, "apply", "-auto-approve", "-input=false", "-no-color")
			if out, err := tfRun(c, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
				t.Errorf("the plan after apply is not empty (%v): the example does not converge\n%s", err, out)
			}
			if strings.HasPrefix(rel, "resources/") {
				t.Run("import then plan", func(t *testing.T) {
					if !importBlocks {
						t.Skipf("import blocks need Terraform >= 1.5 (this is %s)", version)
					}
					importThenPlan(t, e.Emulator, c)
				})
			}
			mustRun(c, "destroy", "-auto-approve", "-input=false", "-no-color")
			if left := strings.TrimSpace(mustRun(c, "state", "list")); left != "" {
				t.Errorf("destroy left resources in the state:\n%s", left)
			}
		})
	}
}

// importThenPlan removes every managed resource from the state, imports each again by its id,
// and checks that the plan replaces nothing and that applying it writes nothing at Argil.
func importThenPlan(t *testing.T, e *emulator.Emulator, c *tfcli.TestCLI) {
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Mode    string         `json:"mode"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(mustRun(c, "show", "-json")), &shown); err != nil {
		t.Fatal(err)
	}
	var imports strings.Builder
	var addrs []string
	for _, r := range shown.Values.RootModule.Resources {
		if r.Mode != "managed" {
			continue
		}
		id, _ := r.Values["id"].(string)
		addrs = append(addrs, r.Address)
		fmt.Fprintf(&imports, "import {\n  to = %s\n  id = %q\n}\n\n", r.Address, id)
	}
	if len(addrs) == 0 {
		t.Fatal("the example manages no resource")
	}
	mustRun(c, append([]string{"state", "rm"}, addrs...)...)
	importFile := filepath.Join(c.Dir, "imports.tf")
	if err := os.WriteFile(importFile, []byte(imports.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	writes := writeRequests(e)
	mustRun(c, "plan", "-input=false", "-no-color", "-out=import.tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string       `json:"actions"`
				Importing map[string]any `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(mustRun(c, "show", "-json", "import.tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	imported := 0
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing != nil {
			imported++
		}
		if slices.Contains(rc.Change.Actions, "create") || slices.Contains(rc.Change.Actions, "delete") {
			t.Errorf("%s: the plan after the import says %v: an import of what the configuration describes must not replace it", rc.Address, rc.Change.Actions)
		}
	}
	if imported != len(addrs) {
		t.Errorf("the plan imports %d resources, want %d (%v)", imported, len(addrs), addrs)
	}
	if t.Failed() {
		out, _ := tfRun(c, "show", "-no-color", "import.tfplan")
		t.Fatalf("the plan after the import:\n%s", out)
	}
	mustRun(c, "apply", "-auto-approve", "-input=false", "-no-color", "import.tfplan")
	if n := writeRequests(e) - writes; n != 0 {
		t.Errorf("importing and applying sent %d write requests to Argil, want 0: %v", n, e.Counts())
	}
	if err := os.Remove(importFile); err != nil {
		t.Fatal(err)
	}
	if out, err := tfRun(c, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("the plan after the import's apply is not empty (%v)\n%s", err, out)
	}
}
