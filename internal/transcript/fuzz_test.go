package transcript

import (
	"testing"
	"unicode/utf8"
)

// FuzzSplit checks the invariants of Split on arbitrary text and limits.
// The seed corpus lives in testdata/fuzz/FuzzSplit.
func FuzzSplit(f *testing.F) {
	seeds := []struct {
		text     string
		maxChars int
	}{
		{"Mr. Smith met Dr. Jones. They talked, e.g. about the U.S. economy.", 20},
		{"the quick brown fox jumps over the lazy dog", 7},
		{"See https://example.com/a/very/long/path for details.", 10},
		{"今日は晴れです。明日は雨でしょう。", 5},
		{"我们今天去公园，然后去博物馆", 4},
		{"他说：「你好。」然后走了。", 3},
		{"Привет, мир. Как дела? Всё хорошо!", 6},
		{"مرحبا بالعالم. كيف حالك؟ أنا بخير.", 6},
		{"👍🏽👍🏽🇫🇷🇩🇪e\u0301e\u0301", 3},
		{"One.\n\nTwo.\r\n\r\nThree.\nFour", 6},
		{"10\u00a0km away and\u00a0then more", 4},
		{"Wait—there — is - more… Really?!", 5},
		{"1. First.\n2. Second.", 4},
		{"  \n\t ", 3},
		{"", 1},
		{"abc", 0},
		{"ab\xffcd", 3},
	}
	for _, s := range seeds {
		f.Add(s.text, s.maxChars)
	}
	f.Fuzz(func(t *testing.T, text string, maxChars int) {
		if maxChars > 200 {
			maxChars = maxChars%200 + 1 // small limits exercise the cutting logic
		}
		chunks, err := Split(text, maxChars)
		if maxChars < 1 || !utf8.ValidString(text) {
			if err == nil {
				t.Fatalf("Split(%q, %d) = %q, want an error", text, maxChars, chunks)
			}
			return
		}
		if err != nil {
			t.Fatalf("Split(%q, %d) returned error: %v", text, maxChars, err)
		}
		if chunks == nil {
			t.Fatalf("Split(%q, %d) returned a nil slice", text, maxChars)
		}
		checkInvariants(t, text, maxChars, chunks)
	})
}
