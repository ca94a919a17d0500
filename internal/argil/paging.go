package argil

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
)

// Bounds of one walk over the pages of a list (StreamVideos, StreamAssets and the ListAll*
// built on them, ListAllSubtitleStyles), so that a server that announces endless pages, repeats a page or
// sends huge ones cannot make a read run without end or fill the memory.
const (
	// MaxListPages is the most pages one walk reads. A server that announces more on its
	// first page is refused at once.
	MaxListPages = 1000
	// MaxListBytes is the most bytes of answers one walk reads, all pages together.
	MaxListBytes = 64 << 20
)

// Which bound stopped a walk (ListBoundError.Bound).
const (
	BoundAnnouncedPages = "announced pages"
	BoundPages          = "pages"
	BoundNoNewIDs       = "no new ids"
	BoundBytes          = "bytes"
)

// ListBoundError is a walk over the pages of a list that one of its bounds stopped. The
// ListAll* functions return no item with it (a partial list could be taken for the whole
// one); a stream (StreamVideos, StreamAssets) ends with it, after the items it already gave.
type ListBoundError struct {
	// Path names the list, e.g. "GET /videos".
	Path string
	// Bound is one of the Bound* constants.
	Bound string
	// Pages is how many pages were read.
	Pages int
	// Announced is the number of pages the server announced (BoundAnnouncedPages).
	Announced int
}

func (e *ListBoundError) Error() string {
	const narrow = "narrow the list with its filters"
	switch e.Bound {
	case BoundAnnouncedPages:
		return fmt.Sprintf("%s: the server announces %d pages, more than the %d the provider reads for one list; %s", e.Path, e.Announced, MaxListPages, narrow)
	case BoundNoNewIDs:
		return fmt.Sprintf("%s: page %d brings no item that earlier pages did not: the server's paging does not advance; stopped after %d pages", e.Path, e.Pages, e.Pages)
	case BoundBytes:
		return fmt.Sprintf("%s: the pages add up to more than %d MiB, the most the provider reads for one list; stopped after %d pages; %s", e.Path, MaxListBytes>>20, e.Pages, narrow)
	default:
		return fmt.Sprintf("%s: still more pages after %d pages, the most the provider reads for one list; %s", e.Path, e.Pages, narrow)
	}
}

// page is one page as walk sees it.
type page[T any] struct {
	items []T
	// totalPages is the number of pages the server announces; 0 or less when it announces none.
	totalPages int
	// last tells that the page is the last one by a rule of the endpoint (e.g. a short page).
	last bool
}

// walk is the one walk over the pages of a list: it reads pages 1, 2, ... with fetch and
// yields their items as each page arrives, each id once (items without an id are kept as they
// come). It stops after an empty page, a page marked last, or the page the server's announced
// total names; and with a *ListBoundError when the first page announces more than
// MaxListPages pages (before yielding any of its items), after MaxListPages pages, when a page
// brings no id that earlier pages did not, or when the answers read add up to more than
// MaxListBytes. An error (a bound's, or a request's) is yielded once, with the zero T, and
// ends the walk: the items yielded before it are then only part of the list.
//
// The walk reads a page only when the consumer asks for an item that earlier pages did not
// bring: once the consumer stops (yield returns false), no further page is requested. Each
// range over the sequence walks again from page 1, with a budget of its own.
func walk[T any](ctx context.Context, path string, idOf func(T) string, fetch func(ctx context.Context, n int) (page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		fail := func(err error) {
			var zero T
			yield(zero, err)
		}
		ctx := withReadBudget(ctx, MaxListBytes)
		seen := map[string]bool{}
		for n := 1; ; n++ {
			if n > MaxListPages {
				fail(&ListBoundError{Path: path, Bound: BoundPages, Pages: n - 1})
				return
			}
			p, err := fetch(ctx, n)
			if err != nil {
				if errors.Is(err, errReadBudget) {
					err = &ListBoundError{Path: path, Bound: BoundBytes, Pages: n - 1}
				}
				fail(err)
				return
			}
			if n == 1 && p.totalPages > MaxListPages {
				fail(&ListBoundError{Path: path, Bound: BoundAnnouncedPages, Pages: 1, Announced: p.totalPages})
				return
			}
			fresh := 0
			for _, it := range p.items {
				if id := idOf(it); id != "" {
					if seen[id] {
						continue
					}
					seen[id] = true
					fresh++
				}
				if !yield(it, nil) {
					return
				}
			}
			if len(p.items) == 0 || p.last || (p.totalPages > 0 && n >= p.totalPages) {
				return
			}
			if fresh == 0 {
				fail(&ListBoundError{Path: path, Bound: BoundNoNewIDs, Pages: n})
				return
			}
		}
	}
}

// collect reads a whole walk: every item, or nil and the error that ended the walk (a
// partial list could be taken for the whole one).
func collect[T any](items iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for it, err := range items {
		if err != nil {
			return nil, err
		}
		all = append(all, it)
	}
	return all, nil
}

// errReadBudget is the error of an answer that would take a walk past MaxListBytes.
var errReadBudget = errors.New("the answers of this list exceed its byte budget")

// readBudget bounds the bytes of answers the requests made with one context read in all.
type readBudget struct {
	mu   sync.Mutex
	left int64
}

type readBudgetKey struct{}

// withReadBudget returns a context whose requests may read n bytes of answers in all.
func withReadBudget(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, readBudgetKey{}, &readBudget{left: n})
}

// spendReadBudget takes n bytes from the budget of ctx, if it has one, and tells whether they
// fitted.
func spendReadBudget(ctx context.Context, n int) bool {
	b, ok := ctx.Value(readBudgetKey{}).(*readBudget)
	if !ok {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left -= int64(n)
	return b.left >= 0
}
