package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/transcript"
)

// runSplitTranscript calls the function the way the framework does and
// returns its result and error.
func runSplitTranscript(t *testing.T, text attr.Value, maxChars attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	req := function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{text, maxChars})}
	resp := &function.RunResponse{Result: function.NewResultData(types.ListUnknown(types.StringType))}
	NewSplitTranscriptFunction().Run(context.Background(), req, resp)
	return resp.Result.Value(), resp.Error
}

func stringList(t *testing.T, elems ...string) types.List {
	t.Helper()
	values := make([]attr.Value, len(elems))
	for i, e := range elems {
		values[i] = types.StringValue(e)
	}
	return types.ListValueMust(types.StringType, values)
}

func TestSplitTranscriptFunction_Metadata(t *testing.T) {
	resp := &function.MetadataResponse{}
	NewSplitTranscriptFunction().Metadata(context.Background(), function.MetadataRequest{}, resp)
	if resp.Name != "split_transcript" {
		t.Errorf("name = %q, want split_transcript", resp.Name)
	}
}

func TestSplitTranscriptFunction_Definition(t *testing.T) {
	ctx := context.Background()
	resp := &function.DefinitionResponse{}
	NewSplitTranscriptFunction().Definition(ctx, function.DefinitionRequest{}, resp)
	def := resp.Definition

	vresp := &function.DefinitionValidateResponse{}
	def.ValidateImplementation(ctx, function.DefinitionValidateRequest{FuncName: "split_transcript"}, vresp)
	if vresp.Diagnostics.HasError() {
		t.Fatalf("definition is invalid: %v", vresp.Diagnostics)
	}
	if len(def.Parameters) != 2 {
		t.Fatalf("got %d parameters, want text and max_chars", len(def.Parameters))
	}
	if p, ok := def.Parameters[0].(function.StringParameter); !ok || p.Name != "text" {
		t.Errorf("first parameter = %#v, want the string parameter text", def.Parameters[0])
	}
	if p, ok := def.Parameters[1].(function.Int64Parameter); !ok || p.Name != "max_chars" {
		t.Errorf("second parameter = %#v, want the int64 parameter max_chars", def.Parameters[1])
	}
	if r, ok := def.Return.(function.ListReturn); !ok || !r.ElementType.Equal(types.StringType) {
		t.Errorf("return = %#v, want a list of strings", def.Return)
	}
	// The for expression is the example below the description, tested by TestAccSplitTranscriptDocExample.
	for _, want := range []string{"500", "code points", "one moment of an `argil_video` per chunk"} {
		if !strings.Contains(def.MarkdownDescription, want) {
			t.Errorf("markdown description does not mention %q", want)
		}
	}
	if def.Summary == "" || def.Description == "" {
		t.Error("summary and description must be set")
	}
}

func TestSplitTranscriptFunction_Run(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		maxChars int64
		want     types.List
	}{
		{
			name:     "the example of the documentation",
			text:     "Hello there. How are you today?",
			maxChars: 20,
			want:     stringList(t, "Hello there.", "How are you today?"),
		},
		{
			name:     "text that fits is one trimmed chunk",
			text:     "\n  Welcome to Argil.\n",
			maxChars: 500,
			want:     stringList(t, "Welcome to Argil."),
		},
		{
			name:     "characters are code points, not bytes",
			text:     "こんにちは。さようなら。",
			maxChars: 6,
			want:     stringList(t, "こんにちは。", "さようなら。"),
		},
		{
			name:     "blank text gives an empty list, not null",
			text:     " \n\t",
			maxChars: 500,
			want:     stringList(t),
		},
		{
			name:     "a limit far above the text's length",
			text:     "One. Two.",
			maxChars: 1 << 62,
			want:     stringList(t, "One. Two."),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runSplitTranscript(t, types.StringValue(tt.text), types.Int64Value(tt.maxChars))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSplitTranscriptFunction_RunArgilLimit(t *testing.T) {
	script := strings.Repeat("Each sentence here is exactly fifty characters ok. ", 30)
	got, err := runSplitTranscript(t, types.StringValue(script), types.Int64Value(500))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	list, ok := got.(types.List)
	if !ok {
		t.Fatalf("result is %T, want types.List", got)
	}
	var chunks []string
	if diags := list.ElementsAs(context.Background(), &chunks, false); diags.HasError() {
		t.Fatal(diags)
	}
	// Ten 50-character sentences joined by spaces make 509 characters, so
	// each chunk holds nine whole sentences (449 characters).
	if len(chunks) != 4 {
		t.Fatalf("got %d chunks, want 4", len(chunks))
	}
	for i, c := range chunks[:3] {
		if want := strings.TrimSpace(strings.Repeat("Each sentence here is exactly fifty characters ok. ", 9)); c != want {
			t.Errorf("chunk %d = %q, want nine whole sentences", i, c)
		}
	}
}

func TestSplitTranscriptFunction_RunErrors(t *testing.T) {
	for _, maxChars := range []int64{0, -1} {
		_, err := runSplitTranscript(t, types.StringValue("Hello."), types.Int64Value(maxChars))
		if err == nil {
			t.Fatalf("max_chars = %d: no error", maxChars)
		}
		if err.FunctionArgument == nil || *err.FunctionArgument != 1 {
			t.Errorf("max_chars = %d: error points at argument %v, want 1 (max_chars)", maxChars, err.FunctionArgument)
		}
		// Terraform prints it after `Invalid value for "max_chars" parameter:`
		// and adds the final period.
		if want := fmt.Sprintf("max_chars must be at least 1, got %d", maxChars); err.Text != want {
			t.Errorf("max_chars = %d: error %q, want %q", maxChars, err.Text, want)
		}
	}
}

// TestAccSplitTranscriptFunction calls the function from a Terraform
// configuration. It needs no API and runs in the normal test suite, with the
// terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH); it is skipped without one.
func TestAccSplitTranscriptFunction(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		PreCheck:                 func() { terraformCLIPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBelow(tfversion.Version1_8_0),
		},
		Steps: []resource.TestStep{
			{
				Config: `
locals {
  script = <<-EOT
    Welcome back! Today, Dr. Lee explains 3.5 ways to sleep better.

    First, keep a schedule. Second, skip late coffee.
  EOT
}

output "chunks" {
  value = provider::argil::split_transcript(local.script, 50)
}

output "moments" {
  value = [
    for t in provider::argil::split_transcript("Hello there. How are you today?", 20) :
    { transcript = t, avatar_id = "avatar-1" }
  ]
}

output "japanese" {
  value = provider::argil::split_transcript("こんにちは。さようなら。", 6)
}

output "blank" {
  value = provider::argil::split_transcript("   ", 500)
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("chunks", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("Welcome back!"),
						knownvalue.StringExact("Today, Dr. Lee explains 3.5 ways to sleep better."),
						knownvalue.StringExact("First, keep a schedule. Second, skip late coffee."),
					})),
					statecheck.ExpectKnownOutputValue("moments", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"transcript": knownvalue.StringExact("Hello there."),
							"avatar_id":  knownvalue.StringExact("avatar-1"),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"transcript": knownvalue.StringExact("How are you today?"),
							"avatar_id":  knownvalue.StringExact("avatar-1"),
						}),
					})),
					statecheck.ExpectKnownOutputValue("japanese", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("こんにちは。"),
						knownvalue.StringExact("さようなら。"),
					})),
					statecheck.ExpectKnownOutputValue("blank", knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config: `
output "bad" {
  value = provider::argil::split_transcript("Hello.", 0)
}
`,
				ExpectError: regexp.MustCompile(`max_chars\s+must\s+be\s+at\s+least\s+1,\s+got\s+0`),
			},
		},
	})
}

// TestAccSplitTranscriptDocExample is the doc test of the function's example
// (examples/functions/split_transcript, shown on its documentation page): the moments it builds
// are accepted as they are by argil_video.moments, one moment per chunk of the example's script.
func TestAccSplitTranscriptDocExample(t *testing.T) {
	t.Parallel()
	example := filepath.Join("..", "..", "examples", "functions", "split_transcript")
	script, err := os.ReadFile(filepath.Join(example, "script.txt"))
	if err != nil {
		t.Fatal(err)
	}
	chunks, err := transcript.Split(string(script), 500)
	if err != nil || len(chunks) < 2 {
		t.Fatalf("the example's script gives %d chunks (%v): want a script long enough to be split", len(chunks), err)
	}
	dir := t.TempDir()
	for _, f := range []string{"function.tf", "script.txt"} {
		b, err := os.ReadFile(filepath.Join(example, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := startEmulator(t, phases(100*time.Millisecond, 100*time.Millisecond))
	// The provider the test serves, under the name terraform-plugin-testing gives it.
	video := e.providerConfig("") + `
terraform {
  required_providers {
    argil = { source = "hashicorp/argil" }
  }
}

resource "argil_video" "doc" {
  name    = "split_transcript example"
  moments = local.moments
}
`
	if err := os.WriteFile(filepath.Join(dir, "video.tf"), []byte(video), 0o644); err != nil {
		t.Fatal(err)
	}
	moments := make([]knownvalue.Check, len(chunks))
	for i, c := range chunks {
		moments[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"transcript": knownvalue.StringExact(c),
			"avatar_id":  knownvalue.StringExact(emulator.AvatarEmmaID),
			"voice_id":   knownvalue.Null(),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:               func() { testAccPreCheck(t) },
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{{
			// With a configuration directory, the provider goes with the step.
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			ConfigDirectory:          config.StaticDirectory(dir),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_video.doc", tfjsonpath.New("moments"), knownvalue.ListExact(moments)),
			},
		}},
	})
	if n := e.Count("POST /videos"); n != 1 {
		t.Errorf("POST /videos %d times, want 1", n)
	}
}
