package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// subtitleStyle is a SubtitleStyle.
type subtitleStyle struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (e *Emulator) listSubtitleStyles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := intParam(q.Get("page"), "page", 1, 0)
	if err != nil {
		badRequest(w, err)
		return
	}
	size, err := intParam(q.Get("pageSize"), "pageSize", 10, 100)
	if err != nil {
		badRequest(w, err)
		return
	}
	total := len(e.styles) // fixed after New
	from := min((page-1)*size, total)
	to := min(from+size, total)
	writeJSON(w, http.StatusOK, map[string]any{
		"items":        e.styles[from:to],
		"totalItems":   total,
		"totalPages":   int(math.Ceil(float64(total) / float64(size))),
		"currentPage":  page,
		"itemsPerPage": size,
	})
}

// cue is one subtitle line.
type cue struct {
	start, end float64 // seconds
	text       string
}

// cues times the moments' transcripts one after the other, each for its spoken duration
// (momentSeconds). Moments without a transcript (audioUrl) take their time but show nothing.
func cues(v *video) []cue {
	var out []cue
	t := 0.0
	for _, m := range v.moments {
		d := momentSeconds(m)
		if text := strings.TrimSpace(m.Transcript); text != "" {
			out = append(out, cue{start: t, end: t + d, text: text})
		}
		t += d
	}
	return out
}

func (e *Emulator) exportSubtitles(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("videoProjectId")
	if !isUUID(id) {
		badRequest(w, invalid("videoProjectId must be a UUID"))
		return
	}
	q := r.URL.Query()
	format, err := enumParam(q.Get("format"), "format", "vtt", "ass")
	if err != nil {
		badRequest(w, err)
		return
	}
	if format == "" {
		format = "vtt"
	}
	styling := false
	if s := q.Get("includeStyling"); s != "" {
		if styling, err = strconv.ParseBool(s); err != nil || (s != "true" && s != "false") {
			badRequest(w, invalid("includeStyling must be true or false"))
			return
		}
	}
	e.mu.Lock()
	v := e.videos[id]
	var cs []cue
	var sub map[string]any
	var name string
	if v != nil {
		cs, sub, name = cues(v), v.subtitles, v.name
	}
	styleName := "Default"
	if v != nil {
		if sid, _ := sub["styleId"].(string); sid != "" {
			for _, st := range e.styles {
				if st.ID == sid {
					styleName = st.Name
				}
			}
		}
	}
	e.mu.Unlock()
	if v == nil {
		writeError(w, http.StatusNotFound, "Video project not found")
		return
	}
	var body, ctype string
	if format == "vtt" {
		body, ctype = buildVTT(cs, sub, styling), "text/vtt; charset=utf-8"
	} else {
		body, ctype = buildASS(cs, name, sub, styleName, styling), "text/x-ass; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, id, format))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

// vttTime formats seconds as HH:MM:SS.mmm.
func vttTime(s float64) string {
	ms := int64(math.Round(s * 1000))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// assTime formats seconds as H:MM:SS.cc.
func assTime(s float64) string {
	cs := int64(math.Round(s * 100))
	return fmt.Sprintf("%d:%02d:%02d.%02d", cs/360000, cs/6000%60, cs/100%60, cs%100)
}

// vttLine maps subtitles.position to a WebVTT cue setting.
func vttLine(sub map[string]any) string {
	switch sub["position"] {
	case "Top":
		return " line:10%"
	case "Middle":
		return " line:50%"
	}
	return " line:90%"
}

func buildVTT(cs []cue, sub map[string]any, styling bool) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	if styling {
		b.WriteString("\nSTYLE\n::cue {\n  font-family: sans-serif;\n  font-size: " + fontPercent(sub) + ";\n}\n")
	}
	for i, c := range cs {
		fmt.Fprintf(&b, "\n%d\n%s --> %s", i+1, vttTime(c.start), vttTime(c.end))
		if styling {
			b.WriteString(vttLine(sub))
		}
		b.WriteString("\n" + c.text + "\n")
	}
	return b.String()
}

func fontPercent(sub map[string]any) string {
	switch sub["size"] {
	case "Small":
		return "80%"
	case "Large":
		return "130%"
	}
	return "100%"
}

func buildASS(cs []cue, title string, sub map[string]any, styleName string, styling bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[Script Info]\nTitle: %s\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n", title)
	b.WriteString("[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment, MarginV\n")
	style := "Default"
	size, align := 48, 2
	if styling {
		style = styleName
		switch sub["size"] {
		case "Small":
			size = 36
		case "Large":
			size = 64
		}
		switch sub["position"] {
		case "Top":
			align = 8
		case "Middle":
			align = 5
		}
	}
	fmt.Fprintf(&b, "Style: %s, Arial, %d, &H00FFFFFF, -1, %d, 60\n\n", style, size, align)
	b.WriteString("[Events]\nFormat: Layer, Start, End, Style, Text\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "Dialogue: 0,%s,%s,%s,%s\n", assTime(c.start), assTime(c.end), style, strings.ReplaceAll(c.text, "\n", `\N`))
	}
	return b.String()
}
