package provider

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/transcript"
)

var _ function.Function = (*splitTranscriptFunction)(nil)

// NewSplitTranscriptFunction returns the split_transcript function, which
// cuts a script into chunks that fit Argil's per-moment transcript limit.
func NewSplitTranscriptFunction() function.Function { return &splitTranscriptFunction{} }

type splitTranscriptFunction struct{}

func (f *splitTranscriptFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "split_transcript"
}

func (f *splitTranscriptFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Split a script into chunks that fit a per-moment character limit",
		Description: "Splits text into a list of chunks of at most max_chars characters each, cutting at paragraph " +
			"breaks, then sentence ends, then clause breaks, then spaces, and inside a word only when the word " +
			"alone is longer than max_chars. Characters are Unicode code points, not bytes. Only the whitespace " +
			"at the cuts is removed; chunks are never empty. Argil limits each moment's transcript to 500 " +
			"characters, a typical value for max_chars.",
		MarkdownDescription: splitTranscriptMarkdown,
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "text",
				MarkdownDescription: "The script to split. Leading and trailing whitespace is dropped; " +
					"empty or blank text gives an empty list.",
			},
			function.Int64Parameter{
				Name: "max_chars",
				MarkdownDescription: "The most characters (Unicode code points) a chunk may hold. " +
					"At least 1; Argil's per-moment transcript limit is 500.",
			},
		},
		Return: function.ListReturn{ElementType: types.StringType},
	}
}

const splitTranscriptMarkdown = "`split_transcript` cuts a long script into chunks of at most `max_chars` characters, " +
	"ready to become the transcripts of an Argil video's moments. Argil limits a moment's transcript to " +
	"**500 characters**, so `500` is the usual value of `max_chars`; pick a smaller one for shorter moments.\n\n" +
	"Each chunk ends at the strongest boundary that keeps it within the limit, and among boundaries of that " +
	"strength at the last one, so chunks hold as much text as they can and there are as few as possible:\n\n" +
	"1. **paragraph breaks** (a blank line);\n" +
	"2. **sentence ends**: `.` `!` `?` `…` followed by a space or a line break, and the CJK marks `。` `！` `？` " +
	"even with no space after them. Closing quotes and brackets stay with their sentence. A period after a " +
	"common abbreviation (`Mr.`, `Dr.`, `vs.`, `e.g.`, `i.e.`, `U.S.`), after a single capital initial " +
	"(`J. R. R. Tolkien`) or after a list number at the start of a line (`1.`) does not end a sentence, and " +
	"neither does the point in a number such as `3.14`;\n" +
	"3. **clause breaks**: `,` `;` `:` `–` followed by a space, a spaced hyphen, the em dash `—`, the CJK marks " +
	"`、` `，` `；` `：`, and single line breaks;\n" +
	"4. **spaces** between words;\n" +
	"5. inside a word, only when the word alone (a long URL, or Chinese or Japanese text with no punctuation " +
	"for `max_chars` characters) is longer than `max_chars`. The cut falls at the limit, a character or two " +
	"earlier when needed to keep an accent or an emoji modifier with its base.\n\n" +
	"Characters are counted as Unicode code points, not bytes: `é` counts 1 and a Japanese kana counts 1, " +
	"but an emoji made of several code points, such as 👍🏽, counts 2. Argil's own count may differ for emoji " +
	"and other characters outside the Basic Multilingual Plane, so leave some headroom if your script has many.\n\n" +
	"Only the whitespace at each cut is removed: chunks have no leading or trailing whitespace, keep the " +
	"line breaks inside them, and joined back with the removed whitespace give the original text. " +
	"Empty or whitespace-only text gives an empty list. The result depends only on the arguments.\n\n" +
	"Build one moment of an `argil_video` per chunk with a `for` expression, as in the example below.\n\n" +
	"`provider::argil::split_transcript(\"Hello there. How are you today?\", 20)` returns " +
	"`[\"Hello there.\", \"How are you today?\"]`.\n\n" +
	"`max_chars` must be at least 1; otherwise the call fails with an error naming `max_chars`."

func (f *splitTranscriptFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var text string
	var maxChars int64
	resp.Error = req.Arguments.Get(ctx, &text, &maxChars)
	if resp.Error != nil {
		return
	}
	if maxChars < 1 {
		resp.Error = function.NewArgumentFuncError(1, fmt.Sprintf("max_chars must be at least 1, got %d", maxChars))
		return
	}
	// A limit at or above the text's length means one chunk; clamping keeps
	// huge values from overflowing int on 32-bit platforms.
	limit := int(min(maxChars, int64(utf8.RuneCountInString(text))+1))

	chunks, err := transcript.Split(text, limit)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("cannot split text: %s", err))
		return
	}
	resp.Error = resp.Result.Set(ctx, chunks)
}
