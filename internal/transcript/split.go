// Package transcript prepares spoken scripts for Argil videos.
//
// An Argil video is made of moments, and each moment carries its own
// transcript with a per-moment character limit (500 characters on the
// public API). Split cuts a long script into chunks that fit such a limit
// while keeping sentences, and where possible clauses and words, whole, so
// that every moment reads and sounds natural.
package transcript

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split cuts text into chunks of at most maxChars characters each.
//
// Characters are Unicode code points (Go runes), not bytes and not grapheme
// clusters: "é" written as one code point counts 1, "e" plus a combining
// accent counts 2, and an emoji such as 👍🏽 (thumb plus skin-tone modifier)
// counts 2. A rune is never split, so every chunk is valid UTF-8.
//
// Each chunk ends at the strongest boundary that keeps it within the limit,
// and among boundaries of that strength at the last one, so chunks are
// packed greedily and their number stays small. From strongest to weakest:
//
//  1. paragraph breaks: whitespace holding two or more line breaks;
//  2. sentence ends: . ! ? … (and ‼ ؟ ۔ । ॥) followed by whitespace, or
//     the CJK marks 。｡！？ with or without whitespace after them; closing
//     quotes and brackets after the mark stay with the sentence;
//  3. clause breaks: , ; : – ، ؛ followed by whitespace, a spaced hyphen
//     used as a dash (" - "), the em dash — and the CJK marks 、，；：､
//     with or without whitespace after them, and single line breaks;
//  4. word breaks: any other whitespace;
//  5. no-break spaces (U+00A0, U+2007, U+202F), used only when nothing
//     better fits;
//  6. a hard cut inside a word, used only when the word alone is longer
//     than maxChars. The cut falls at the limit, or a few runes earlier when
//     the limit would separate a combining mark, a variation selector, an
//     emoji modifier or a zero-width joiner from its base character, or the
//     two halves of a flag.
//
// A period does not end a sentence after a common abbreviation ("Mr.",
// "Dr.", "vs.", "approx.", "Jan.", ...), after dotted initialisms ("e.g.",
// "i.e.", "U.S.", "z.B.", "т.е."), after a single capital initial ("J. R. R.
// Tolkien"), or after a list marker at the start of a line ("1.", "a.").
// A period inside a number (3.14) is never a boundary, as it is not followed
// by whitespace.
//
// Only the whitespace at the cuts is removed: chunks carry no leading or
// trailing whitespace, and joining them back with the removed whitespace
// gives the input exactly. Leading and trailing whitespace of the whole text
// counts as whitespace at a cut. No chunk is empty. Text without spaces
// (Chinese, Japanese, Thai) is cut at its punctuation, then hard at the
// limit.
//
// Split returns an empty, non-nil slice for empty or whitespace-only text.
// It returns an error when maxChars is less than 1 or text is not valid
// UTF-8.
func Split(text string, maxChars int) ([]string, error) {
	if maxChars < 1 {
		return nil, fmt.Errorf("maxChars must be at least 1, got %d", maxChars)
	}
	if !utf8.ValidString(text) {
		return nil, errors.New("text is not valid UTF-8")
	}

	r := []rune(text)
	start, end := 0, len(r)
	for start < end && unicode.IsSpace(r[start]) {
		start++
	}
	for end > start && unicode.IsSpace(r[end-1]) {
		end--
	}

	chunks := []string{}
	if start == end {
		return chunks, nil
	}

	cuts := findCuts(r, start, end)
	for s := start; ; {
		if end-s <= maxChars {
			return append(chunks, string(r[s:end])), nil
		}
		c := bestCut(cuts, s, s+maxChars)
		if c == nil {
			h := hardCut(r, s, s+maxChars)
			c = &cut{end: h, next: h}
		}
		chunks = append(chunks, string(r[s:c.end]))
		s = c.next
	}
}

// level is the strength of a boundary; a higher level is preferred.
type level int

const (
	levelNone level = iota
	levelNoBreakSpace
	levelWord
	levelClause
	levelSentence
	levelParagraph

	numLevels
)

// cut is a place where a chunk may end: the chunk ends before rune index
// end, and the next chunk starts at rune index next. The runes between are
// whitespace (none when end == next).
type cut struct {
	end, next int
}

// findCuts lists every boundary inside r[start:end], grouped by level and
// sorted by position within each level. r[start] and r[end-1] are not
// whitespace.
func findCuts(r []rune, start, end int) [numLevels][]cut {
	var cuts [numLevels][]cut
	for i := start; i < end; {
		if unicode.IsSpace(r[i]) {
			j := i
			for j < end && unicode.IsSpace(r[j]) {
				j++
			}
			lvl := spaceLevel(r, start, i, j)
			cuts[lvl] = append(cuts[lvl], cut{end: i, next: j})
			i = j
			continue
		}
		// A boundary without whitespace sits right after a run of marks and
		// closing brackets, for example between "。」" and the next sentence.
		if i > start && !unicode.IsSpace(r[i-1]) && !isMark(r[i]) && !isCloser(r[i]) &&
			(isMark(r[i-1]) || isCloser(r[i-1])) {
			if lvl := punctLevel(r, start, i, false); lvl != levelNone {
				cuts[lvl] = append(cuts[lvl], cut{end: i, next: i})
			}
		}
		i++
	}
	return cuts
}

// bestCut returns the cut ending in (s, limit] of the highest level, the
// last one of that level, or nil when there is none.
func bestCut(cuts [numLevels][]cut, s, limit int) *cut {
	for lvl := numLevels - 1; lvl > levelNone; lvl-- {
		list := cuts[lvl]
		i := sort.Search(len(list), func(i int) bool { return list[i].end > limit }) - 1
		if i >= 0 && list[i].end > s {
			return &list[i]
		}
	}
	return nil
}

// hardCut returns where to cut inside a word that runs past limit: at
// limit, or a little earlier so as not to break a grapheme cluster apart.
func hardCut(r []rune, s, limit int) int {
	for h := limit; h > s; h-- {
		if canBreakBetween(r, h) {
			return h
		}
	}
	return limit // a single cluster longer than the limit: cut it anyway
}

// canBreakBetween reports whether r[h-1] and r[h] may go to different
// chunks without separating a mark, joiner or modifier from its base.
func canBreakBetween(r []rune, h int) bool {
	prev, c := r[h-1], r[h]
	switch {
	case isExtender(c), prev == zeroWidthJoiner:
		return false
	case isRegionalIndicator(prev) && isRegionalIndicator(c):
		n := 0
		for i := h - 1; i >= 0 && isRegionalIndicator(r[i]); i-- {
			n++
		}
		return n%2 == 0 // an odd count means prev and c form one flag
	}
	return true
}

const zeroWidthJoiner = '\u200D'

// isExtender reports whether c attaches to the rune before it.
func isExtender(c rune) bool {
	return unicode.In(c, unicode.Mn, unicode.Me, unicode.Mc) ||
		c == zeroWidthJoiner ||
		(c >= '\uFE00' && c <= '\uFE0F') || // variation selectors
		(c >= 0xE0100 && c <= 0xE01EF) || // variation selectors supplement
		(c >= 0x1F3FB && c <= 0x1F3FF) || // emoji skin-tone modifiers
		(c >= 0xE0020 && c <= 0xE007F) // emoji tag sequences
}

func isRegionalIndicator(c rune) bool { return c >= 0x1F1E6 && c <= 0x1F1FF }

// spaceLevel returns the level of the whitespace run r[i:j].
func spaceLevel(r []rune, start, i, j int) level {
	breaks, breaking := 0, false
	for k := i; k < j; k++ {
		switch r[k] {
		case '\n', '\v', '\u0085', '\u2028':
			breaks++
		case '\r':
			if k+1 == j || r[k+1] != '\n' {
				breaks++
			}
		case '\f', '\u2029':
			breaks += 2
		}
		if !isNoBreakSpace(r[k]) {
			breaking = true
		}
	}
	switch {
	case breaks >= 2:
		return levelParagraph
	case !breaking:
		return levelNoBreakSpace
	}
	lvl := max(punctLevel(r, start, i, true), levelWord)
	if breaks == 1 {
		lvl = max(lvl, levelClause)
	}
	return lvl
}

func isNoBreakSpace(c rune) bool { return c == '\u00A0' || c == '\u2007' || c == '\u202F' }

// punctLevel returns the level of a boundary right after r[start:e], judged
// from the punctuation that ends it. spaced tells whether whitespace
// follows; Western punctuation only counts when it does.
func punctLevel(r []rune, start, e int, spaced bool) level {
	i := e
	for i > start && isCloser(r[i-1]) {
		i--
	}
	k := i
	for k > start && isMark(r[k-1]) {
		k--
	}
	if k == i {
		// A spaced hyphen (or "--") stands for a dash: "yes - and no".
		h := i
		for h > start && r[h-1] == '-' {
			h--
		}
		if spaced && h < i && (h == start || unicode.IsSpace(r[h-1])) {
			return levelClause
		}
		return levelNone
	}

	switch last := r[i-1]; {
	case isCJKTerminator(last):
		return levelSentence
	case isCJKClause(last), last == '—':
		return levelClause
	case !spaced:
		return levelNone
	case isTerminator(last):
		if i-k == 1 && last == '.' && isAbbreviation(r, start, k) {
			return levelNone
		}
		return levelSentence
	default:
		return levelClause
	}
}

// isAbbreviation reports whether the period at r[dot] ends an abbreviation,
// an initial or a list marker rather than a sentence.
func isAbbreviation(r []rune, start, dot int) bool {
	a := dot
	for a > start && !unicode.IsSpace(r[a-1]) {
		a--
	}
	lineStart := a == start || lineBreakBefore(r, start, a)
	for a < dot && isOpener(r[a]) {
		a++
	}
	word := r[a:dot]
	switch {
	case len(word) == 0:
		return false
	case len(word) == 1 && unicode.IsUpper(word[0]):
		return true // an initial: "J. R. R. Tolkien"
	case isDottedInitialism(word):
		return true // "e.g.", "U.S.", "т.е."
	case abbreviations[strings.ToLower(string(word))]:
		return true
	case lineStart && isListMarker(word):
		return true
	}
	return false
}

// lineBreakBefore reports whether the whitespace just before r[a] holds a
// line break.
func lineBreakBefore(r []rune, start, a int) bool {
	for k := a - 1; k >= start && unicode.IsSpace(r[k]); k-- {
		switch r[k] {
		case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return true
		}
	}
	return false
}

// isDottedInitialism reports whether word is letters separated by single
// periods, as in "e.g" or "U.S" (the final period is not part of word).
func isDottedInitialism(word []rune) bool {
	if len(word) < 3 {
		return false
	}
	for i, c := range word {
		if i%2 == 0 && !unicode.IsLetter(c) || i%2 == 1 && c != '.' {
			return false
		}
	}
	return len(word)%2 == 1
}

// isListMarker reports whether word numbers an item: up to three digits or
// a single letter.
func isListMarker(word []rune) bool {
	if len(word) == 1 && unicode.IsLetter(word[0]) {
		return true
	}
	if len(word) > 3 {
		return false
	}
	for _, c := range word {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// abbreviations lists, lower-cased and without their period, words that are
// usually followed by a period in the middle of a sentence. Words that as
// often end one ("etc.", "Inc.", "Ltd.", "No.", "Mar.") are left out on
// purpose.
var abbreviations = map[string]bool{
	// English titles and common abbreviations.
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"sr": true, "jr": true, "st": true, "mt": true, "ft": true, "vs": true,
	"gen": true, "col": true, "capt": true, "lt": true, "sgt": true,
	"rev": true, "hon": true, "gov": true, "sen": true, "rep": true,
	"approx": true, "dept": true, "fig": true, "figs": true,
	"vol": true, "ch": true, "p": true, "pp": true,
	"ca": true, "cf": true, "al": true,
	// Months.
	"jan": true, "feb": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true,
	// French, German, Spanish.
	"mme": true, "mlle": true, "mgr": true, "nr": true, "bzw": true,
	"hr": true, "str": true, "sra": true, "srta": true, "ud": true, "uds": true,
	// Russian.
	"г": true, "гг": true, "ул": true, "им": true, "см": true, "стр": true,
	"тыс": true, "млн": true, "млрд": true, "руб": true, "т": true, "др": true,
}

// isTerminator reports whether c ends a sentence when whitespace follows.
func isTerminator(c rune) bool {
	switch c {
	case '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉',
		'؟',      // Arabic question mark
		'۔',      // Urdu full stop
		'।', '॥': // Devanagari danda and double danda
		return true
	}
	return isCJKTerminator(c)
}

// isCJKTerminator reports whether c ends a sentence even with no whitespace
// after it.
func isCJKTerminator(c rune) bool {
	switch c {
	case '。', '｡', '！', '？':
		return true
	}
	return false
}

// isCJKClause reports whether c ends a clause even with no whitespace after
// it.
func isCJKClause(c rune) bool {
	switch c {
	case '、', '，', '；', '：', '､':
		return true
	}
	return false
}

// isMark reports whether c is punctuation that can end a sentence or a
// clause.
func isMark(c rune) bool {
	switch c {
	case ',', ';', ':', '–', '—', '،', '؛':
		return true
	}
	return isTerminator(c) || isCJKClause(c)
}

// isCloser reports whether c closes a quotation or a bracket, and so stays
// with the punctuation before it.
func isCloser(c rune) bool {
	return strings.ContainsRune(`"'”’»›)]}」』）］｝】〕〗〙〛〉》＂＇`, c)
}

// isOpener reports whether c opens a quotation or a bracket.
func isOpener(c rune) bool {
	return strings.ContainsRune(`"'“‘«‹([{「『（［｛【〔〖〘〚〈《¿¡`, c)
}
