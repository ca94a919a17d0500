package transcript

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSplitBehaviour documents, case by case, where Split cuts a script.
func TestSplitBehaviour(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		maxChars int
		want     []string
	}{
		{
			name:     "text that fits is one chunk, trimmed",
			text:     "  Hello there. How are you?\n",
			maxChars: 500,
			want:     []string{"Hello there. How are you?"},
		},
		{
			name:     "text exactly at the limit is one chunk",
			text:     "abcde",
			maxChars: 5,
			want:     []string{"abcde"},
		},
		{
			name:     "whole sentences are packed greedily",
			text:     "One two. Three four. Five six.",
			maxChars: 20,
			want:     []string{"One two. Three four.", "Five six."},
		},
		{
			name:     "a sentence end is preferred to a later word break",
			text:     "A short one. Then a much longer sentence goes here.",
			maxChars: 30,
			want:     []string{"A short one.", "Then a much longer sentence", "goes here."},
		},
		{
			name:     "a sentence longer than the limit is cut at clauses",
			text:     "This sentence is long, with a comma in it, and keeps going.",
			maxChars: 25,
			want:     []string{"This sentence is long,", "with a comma in it,", "and keeps going."},
		},
		{
			name:     "semicolons, colons and spaced dashes are clause breaks",
			text:     "First part; second part: third part – fourth part - fifth",
			maxChars: 14,
			want:     []string{"First part;", "second part:", "third part –", "fourth part -", "fifth"},
		},
		{
			name:     "an unspaced em dash is a clause break",
			text:     "Wait—there is more to this story",
			maxChars: 10,
			want:     []string{"Wait—", "there is", "more to", "this story"},
		},
		{
			name:     "without punctuation, words are packed greedily",
			text:     "the quick brown fox jumps over the lazy dog",
			maxChars: 15,
			want:     []string{"the quick brown", "fox jumps over", "the lazy dog"},
		},
		{
			name:     "a word longer than the limit is hard split at the limit",
			text:     "abcdefghij",
			maxChars: 4,
			want:     []string{"abcd", "efgh", "ij"},
		},
		{
			name:     "a long URL is hard split only when it starts a chunk",
			text:     "See https://example.com/a/very/long/path for details.",
			maxChars: 20,
			want:     []string{"See", "https://example.com/", "a/very/long/path for", "details."},
		},
		{
			name:     "titles and abbreviations do not end a sentence",
			text:     "I met Dr. Jones and Mr. Smith at the park.",
			maxChars: 30,
			want:     []string{"I met Dr. Jones and Mr. Smith", "at the park."},
		},
		{
			name:     "dotted initialisms do not end a sentence",
			text:     "Bring tools, e.g. a hammer and nails. The U.S. team won the cup.",
			maxChars: 25,
			want:     []string{"Bring tools,", "e.g. a hammer and nails.", "The U.S. team won the", "cup."},
		},
		{
			name:     "single capital initials do not end a sentence",
			text:     "Written by J. R. R. Tolkien in England.",
			maxChars: 30,
			want:     []string{"Written by J. R. R. Tolkien in", "England."},
		},
		{
			name:     "decimal numbers do not end a sentence",
			text:     "Pi is about 3.14 and e is 2.72. Both are irrational.",
			maxChars: 35,
			want:     []string{"Pi is about 3.14 and e is 2.72.", "Both are irrational."},
		},
		{
			name:     "closing quotes and brackets stay with their sentence",
			text:     `She said "Stop." Then (quietly.) she left.`,
			maxChars: 20,
			want:     []string{`She said "Stop."`, `Then (quietly.)`, `she left.`},
		},
		{
			name:     "ellipsis, exclamation and question marks end sentences",
			text:     "Well… Really?! Yes!",
			maxChars: 15,
			want:     []string{"Well… Really?!", "Yes!"},
		},
		{
			name:     "a paragraph break is preferred to any sentence end",
			text:     "Title\n\nBody one. Body two.",
			maxChars: 20,
			want:     []string{"Title", "Body one. Body two."},
		},
		{
			name:     "paragraphs that fit together stay together",
			text:     "One.\n\nTwo.\r\n\r\nThree.",
			maxChars: 100,
			want:     []string{"One.\n\nTwo.\r\n\r\nThree."},
		},
		{
			name:     "CRLF paragraph breaks count as paragraph breaks",
			text:     "First line here.\r\n\r\nSecond. Third.",
			maxChars: 25,
			want:     []string{"First line here.", "Second. Third."},
		},
		{
			name:     "a single line break is a clause break",
			text:     "no punctuation here\nor here either at all",
			maxChars: 30,
			want:     []string{"no punctuation here", "or here either at all"},
		},
		{
			name:     "numbered list markers at line start do not end a sentence",
			text:     "Steps:\n1. Open the app.\n2. Press record.",
			maxChars: 20,
			want:     []string{"Steps:", "1. Open the app.", "2. Press record."},
		},
		{
			name:     "Japanese is cut after 。 without whitespace",
			text:     "今日は晴れです。明日は雨でしょう。週末は分かりません。",
			maxChars: 10,
			want:     []string{"今日は晴れです。", "明日は雨でしょう。", "週末は分かりません。"},
		},
		{
			name:     "Japanese sentences are packed greedily",
			text:     "はい。そうです。ありがとう。",
			maxChars: 9,
			want:     []string{"はい。そうです。", "ありがとう。"},
		},
		{
			name:     "Chinese falls back to clause marks",
			text:     "我们今天去公园，然后去博物馆，最后回家吃饭。",
			maxChars: 8,
			want:     []string{"我们今天去公园，", "然后去博物馆，", "最后回家吃饭。"},
		},
		{
			name:     "Chinese without punctuation is hard split at the limit",
			text:     "我们今天去公园然后去博物馆",
			maxChars: 5,
			want:     []string{"我们今天去", "公园然后去", "博物馆"},
		},
		{
			name:     "CJK closing brackets stay with their sentence",
			text:     "他说：「你好。」然后走了。",
			maxChars: 8,
			want:     []string{"他说：「你好。」", "然后走了。"},
		},
		{
			name:     "Russian sentences and abbreviations",
			text:     "Привет, мир. Это тест, т.е. проверка текста.",
			maxChars: 20,
			want:     []string{"Привет, мир.", "Это тест,", "т.е. проверка", "текста."},
		},
		{
			name:     "Russian initials do not end a sentence",
			text:     "Стихи написал А. С. Пушкин давно.",
			maxChars: 30,
			want:     []string{"Стихи написал А. С. Пушкин", "давно."},
		},
		{
			name:     "Arabic sentences end at . and ؟",
			text:     "مرحبا بالعالم. كيف حالك؟ أنا بخير.",
			maxChars: 15,
			want:     []string{"مرحبا بالعالم.", "كيف حالك؟", "أنا بخير."},
		},
		{
			name:     "Arabic comma is a clause break",
			text:     "قال لي، ثم ذهب بعيدا",
			maxChars: 10,
			want:     []string{"قال لي،", "ثم ذهب", "بعيدا"},
		},
		{
			name:     "emoji count one character per code point",
			text:     "🎉🎉🎉🎉🎉",
			maxChars: 2,
			want:     []string{"🎉🎉", "🎉🎉", "🎉"},
		},
		{
			name:     "a hard cut keeps an emoji with its skin-tone modifier",
			text:     "👍🏽👍🏽",
			maxChars: 3,
			want:     []string{"👍🏽", "👍🏽"},
		},
		{
			name:     "a hard cut keeps the two halves of a flag together",
			text:     "🇫🇷🇩🇪",
			maxChars: 3,
			want:     []string{"🇫🇷", "🇩🇪"},
		},
		{
			name:     "a hard cut keeps a combining accent with its letter",
			text:     "e\u0301e\u0301e\u0301",
			maxChars: 3,
			want:     []string{"e\u0301", "e\u0301", "e\u0301"},
		},
		{
			name:     "a cluster longer than the limit is still cut",
			text:     "e\u0301\u0301\u0301",
			maxChars: 2,
			want:     []string{"e\u0301", "\u0301\u0301"},
		},
		{
			name:     "a no-break space is kept unless nothing else fits",
			text:     "10\u00a0km away and\u00a0then more",
			maxChars: 12,
			want:     []string{"10\u00a0km away", "and\u00a0then", "more"},
		},
		{
			name:     "a limit of one character",
			text:     "a bc",
			maxChars: 1,
			want:     []string{"a", "b", "c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.text, tt.maxChars)
			if err != nil {
				t.Fatalf("Split(%q, %d) returned error: %v", tt.text, tt.maxChars, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q, %d)\n got %q\nwant %q", tt.text, tt.maxChars, got, tt.want)
			}
			checkInvariants(t, tt.text, tt.maxChars, got)
		})
	}
}

func TestSplitEmptyText(t *testing.T) {
	for _, text := range []string{"", " ", "\n\n\t  \r\n", "\u00a0\u3000"} {
		got, err := Split(text, 10)
		if err != nil {
			t.Errorf("Split(%q, 10) returned error: %v", text, err)
		}
		if got == nil || len(got) != 0 {
			t.Errorf("Split(%q, 10) = %#v, want an empty non-nil slice", text, got)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		maxChars int
		wantErr  string
	}{
		{"zero limit", "hello", 0, "maxChars must be at least 1, got 0"},
		{"negative limit", "hello", -5, "maxChars must be at least 1, got -5"},
		{"zero limit on empty text", "", 0, "maxChars must be at least 1, got 0"},
		{"invalid UTF-8", "ab\xffcd", 10, "text is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.text, tt.maxChars)
			if err == nil {
				t.Fatalf("Split(%q, %d) = %q, want error %q", tt.text, tt.maxChars, got, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error = %q, want %q", err, tt.wantErr)
			}
			if got != nil {
				t.Errorf("chunks = %q, want nil with an error", got)
			}
		})
	}
}

// TestSplitArgilMoments splits a realistic script at Argil's per-moment limit.
func TestSplitArgilMoments(t *testing.T) {
	sentence := "Welcome back to the channel, today we are looking at three ways to cut your cloud bill in half. "
	text := strings.Repeat(sentence, 20) // 20 sentences of 96 characters
	got, err := Split(text, 500)
	if err != nil {
		t.Fatal(err)
	}
	// Five sentences (5*96-1 = 479 characters) fit in 500, six do not.
	want := strings.TrimSpace(strings.Repeat(sentence, 5))
	if len(got) != 4 {
		t.Fatalf("got %d chunks, want 4: %q", len(got), got)
	}
	for i, c := range got {
		if c != want {
			t.Errorf("chunk %d = %q, want five whole sentences %q", i, c, want)
		}
	}
	checkInvariants(t, text, 500, got)
}

// TestSplitLongInput checks that a large script with few boundaries is split
// completely and correctly; a quadratic algorithm would time out here.
func TestSplitLongInput(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		b.WriteString("word")
		if i%97 == 0 {
			b.WriteString(strings.Repeat("x", 700)) // a word longer than the limit
		}
		if i%50 == 49 {
			b.WriteString(".\n\n")
		} else {
			b.WriteString(" ")
		}
	}
	text := b.String()
	got, err := Split(text, 500)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, 500, got)
}

// checkInvariants fails the test when chunks break one of the properties
// that every result of Split(text, maxChars) has.
func checkInvariants(t *testing.T, text string, maxChars int, chunks []string) {
	t.Helper()
	for _, v := range invariantViolations(text, maxChars, chunks) {
		t.Error(v)
	}
}

// invariantViolations lists how chunks break the properties that hold for
// every result of Split(text, maxChars), whatever the text: chunks are
// non-empty, trimmed, valid UTF-8 and at most maxChars runes long; they are
// the text in order with only whitespace removed between them; a cut with
// no whitespace falls after CJK punctuation or an em dash, or inside a word
// longer than maxChars; text that fits is a single chunk.
func invariantViolations(text string, maxChars int, chunks []string) []string {
	var v []string
	if strings.TrimSpace(text) == "" {
		if len(chunks) != 0 {
			v = append(v, fmt.Sprintf("whitespace-only text gave chunks %q", chunks))
		}
		return v
	}
	if len(chunks) == 0 {
		return append(v, fmt.Sprintf("no chunks for non-blank text %q", text))
	}
	if trimmed := strings.TrimSpace(text); utf8.RuneCountInString(trimmed) <= maxChars &&
		(len(chunks) != 1 || chunks[0] != trimmed) {
		v = append(v, fmt.Sprintf("text of %d runes fits in %d but gave chunks %q",
			utf8.RuneCountInString(trimmed), maxChars, chunks))
	}

	words := wordLengths(text)
	pos := 0 // byte offset in text
	for i, c := range chunks {
		if c == "" {
			return append(v, fmt.Sprintf("chunk %d is empty", i))
		}
		if !utf8.ValidString(c) {
			v = append(v, fmt.Sprintf("chunk %d %q is not valid UTF-8", i, c))
		}
		if n := utf8.RuneCountInString(c); n > maxChars {
			v = append(v, fmt.Sprintf("chunk %d %q has %d runes, more than %d", i, c, n, maxChars))
		}
		if c != strings.TrimSpace(c) {
			v = append(v, fmt.Sprintf("chunk %d %q has leading or trailing whitespace", i, c))
		}

		// Only whitespace may separate this chunk from the previous one.
		gap := pos
		for !strings.HasPrefix(text[pos:], c) {
			r, size := utf8.DecodeRuneInString(text[pos:])
			if pos == len(text) || !unicode.IsSpace(r) {
				return append(v, fmt.Sprintf("chunk %d %q does not follow chunk %d in the text: found %q at byte %d",
					i, c, i-1, text[pos:min(len(text), pos+20)], pos))
			}
			pos += size
		}
		if i > 0 && gap == pos && !afterNoSpaceMark(text[:pos]) && words[pos] <= maxChars {
			v = append(v, fmt.Sprintf("cut inside a word of %d runes (limit %d) between %q and %q",
				words[pos], maxChars, chunks[i-1], c))
		}
		pos += len(c)
	}
	if rest := text[pos:]; strings.TrimSpace(rest) != "" {
		v = append(v, fmt.Sprintf("text after the last chunk was dropped: %q", rest))
	}
	return v
}

// TestInvariantViolations makes sure the invariant checker used by the
// other tests and by FuzzSplit does reject wrong splits.
func TestInvariantViolations(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		maxChars int
		chunks   []string
		want     string
	}{
		{"too long", "aaa bbb", 3, []string{"aaa b", "bb"}, "more than 3"},
		{"empty chunk", "aaa bbb", 3, []string{"aaa", "", "bbb"}, "is empty"},
		{"untrimmed", "aaa  bbb", 4, []string{"aaa ", "bbb"}, "leading or trailing whitespace"},
		{"dropped text", "aaa bbb ccc", 3, []string{"aaa", "bbb"}, "dropped"},
		{"dropped middle", "aaa bbb ccc", 3, []string{"aaa", "ccc"}, "does not follow"},
		{"changed text", "aaa bbb", 3, []string{"aaa", "bxb"}, "does not follow"},
		{"cut inside a word that fits", "abcd ef", 4, []string{"ab", "cd", "ef"}, "cut inside a word"},
		{"fits but split", "ab cd", 5, []string{"ab", "cd"}, "fits in 5"},
		{"chunks for blank text", " ", 5, []string{"x"}, "whitespace-only"},
		{"no chunks", "ab", 5, nil, "no chunks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := invariantViolations(tt.text, tt.maxChars, tt.chunks)
			if !slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, tt.want) }) {
				t.Errorf("violations = %q, want one mentioning %q", v, tt.want)
			}
		})
	}
	// And accepts cuts without whitespace where they are allowed.
	for _, ok := range []struct {
		text     string
		maxChars int
		chunks   []string
	}{
		{"你好。「再见。」好", 5, []string{"你好。", "「再见。」", "好"}},
		{"abcdef", 3, []string{"abc", "def"}},
	} {
		if v := invariantViolations(ok.text, ok.maxChars, ok.chunks); len(v) != 0 {
			t.Errorf("invariantViolations(%q, %d, %q) = %q, want none", ok.text, ok.maxChars, ok.chunks, v)
		}
	}
}

// wordLengths maps the byte offset of every rune that is not whitespace to
// the length in runes of the whitespace-delimited word holding it.
func wordLengths(text string) map[int]int {
	lengths := map[int]int{}
	var offsets []int
	flush := func() {
		for _, o := range offsets {
			lengths[o] = len(offsets)
		}
		offsets = offsets[:0]
	}
	for o, r := range text {
		if unicode.IsSpace(r) {
			flush()
			continue
		}
		offsets = append(offsets, o)
	}
	flush()
	return lengths
}

// afterNoSpaceMark reports whether before ends with a mark that may be
// followed by a cut without whitespace: a CJK sentence or clause mark or an
// em dash, then any closing quotes or brackets.
func afterNoSpaceMark(before string) bool {
	before = strings.TrimRightFunc(before, func(r rune) bool {
		return strings.ContainsRune(`"'”’»›)]}」』）］｝】〕〗〙〛〉》＂＇`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune("。｡！？、，；：､—", r)
}

func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("Welcome back, everyone. Today we look at Dr. Lee's three tips, e.g. sleep more. ", 1000)
	for b.Loop() {
		if _, err := Split(text, 500); err != nil {
			b.Fatal(err)
		}
	}
}
