package transcript_test

import (
	"fmt"

	"github.com/argil-community/terraform-provider-argil/internal/transcript"
)

// Whole sentences are packed into each chunk; abbreviations such as "Dr."
// and numbers such as 3.5 do not end a sentence.
func ExampleSplit() {
	script := "Hi, I'm Dr. Lee. Today: three tips. Sleep 7.5 hours! Drink water. Walk daily."
	chunks, err := transcript.Split(script, 40)
	if err != nil {
		panic(err)
	}
	for _, c := range chunks {
		fmt.Printf("%q\n", c)
	}
	// Output:
	// "Hi, I'm Dr. Lee. Today: three tips."
	// "Sleep 7.5 hours! Drink water."
	// "Walk daily."
}

// A sentence longer than the limit is cut at a clause, then at a word; only
// a word longer than the limit is cut inside.
func ExampleSplit_fallbacks() {
	script := "When the render finishes, the video appears in your dashboard within minutes. " +
		"Visit https://app.argil.ai/videos/abcdefghijklmnop"
	chunks, _ := transcript.Split(script, 30)
	for _, c := range chunks {
		fmt.Printf("%q\n", c)
	}
	// Output:
	// "When the render finishes,"
	// "the video appears in your"
	// "dashboard within minutes."
	// "Visit"
	// "https://app.argil.ai/videos/ab"
	// "cdefghijklmnop"
}

// Paragraph breaks are the strongest boundary. Scripts without spaces, such
// as Japanese, are cut after their own punctuation. Characters are counted
// as Unicode code points, so "こんにちは" is 5 characters, not 15 bytes.
func ExampleSplit_paragraphsAndJapanese() {
	script := "Intro.\n\nこんにちは。今日はいい天気ですね。散歩に行きましょう。"
	chunks, _ := transcript.Split(script, 20)
	for _, c := range chunks {
		fmt.Printf("%q\n", c)
	}
	// Output:
	// "Intro."
	// "こんにちは。今日はいい天気ですね。"
	// "散歩に行きましょう。"
}
