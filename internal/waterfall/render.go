package waterfall

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// Style chooses how the waterfall is drawn.
type Style struct {
	Color     bool // ANSI colours (only for terminals)
	BarWidth  int  // characters of the time axis; 40 when zero
	NameWidth int  // characters of the name column; 34 when zero
}

const (
	ansiReset  = "\x1b[0m"
	ansiDim    = "\x1b[2m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiCyan   = "\x1b[36m"
	ansiMag    = "\x1b[35m"
)

// Render writes one trace as a waterfall.
func Render(w io.Writer, t *Trace, st Style) {
	if st.BarWidth <= 0 {
		st.BarWidth = 40
	}
	if st.NameWidth <= 0 {
		st.NameWidth = 34
	}
	paint := func(code, s string) string {
		if !st.Color || code == "" {
			return s
		}
		return code + s + ansiReset
	}
	total := t.End - t.Start
	fmt.Fprintf(w, "%s %s  %s\n", paint(ansiBold, "trace"), paint(ansiCyan, t.ID), paint(ansiDim, formatDuration(total)))
	var line func(e *Entity, prefix string, last bool, depth int)
	line = func(e *Entity, prefix string, last bool, depth int) {
		branch := ""
		childPrefix := prefix
		if depth > 0 {
			if last {
				branch, childPrefix = "└─ ", prefix+"   "
			} else {
				branch, childPrefix = "├─ ", prefix+"│  "
			}
		}
		name := e.Name
		if e.Namespace != "" {
			name += " (" + e.Namespace + ")"
		}
		label := prefix + branch + name
		label = fit(label, st.NameWidth)
		bar := drawBar(e, t.Start, total, st.BarWidth)
		colour := ansiGreen
		var marks []string
		switch {
		case e.Fault:
			colour = ansiRed
			marks = append(marks, paint(ansiRed, "✗ fault"))
		case e.Throttle:
			colour = ansiYellow
			marks = append(marks, paint(ansiYellow, "! throttle"))
		case e.Error:
			colour = ansiYellow
			marks = append(marks, paint(ansiYellow, "! error"))
		}
		if e.InProgress {
			marks = append(marks, paint(ansiMag, "… in progress"))
		}
		if e.Origin != "" {
			marks = append(marks, paint(ansiCyan, e.Origin))
		}
		if e.HTTP != nil && e.HTTP.Response != nil && e.HTTP.Response.Status != 0 {
			marks = append(marks, fmt.Sprintf("http %d", e.HTTP.Response.Status))
		}
		if len(e.Annotations) > 0 {
			keys := make([]string, 0, len(e.Annotations))
			for k := range e.Annotations {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = fmt.Sprintf("%s=%v", k, e.Annotations[k])
			}
			marks = append(marks, paint(ansiDim, "{"+strings.Join(parts, " ")+"}"))
		}
		dur := "   …    "
		if e.EndTime > 0 {
			dur = formatDuration(e.EndTime - e.StartTime)
		}
		fmt.Fprintf(w, "  %s %s %8s %s\n", label, paint(colour, bar), dur, strings.Join(marks, " "))
		for i, c := range e.children {
			line(c, childPrefix, i == len(e.children)-1, depth+1)
		}
	}
	for _, r := range t.Roots {
		line(r, "", true, 0)
	}
}

// drawBar places the entity's span on an axis of width cells.
func drawBar(e *Entity, start, total float64, width int) string {
	end := e.EndTime
	if end == 0 {
		end = start + total
	}
	from, to := 0, width
	if total > 0 {
		from = int(math.Floor((e.StartTime - start) / total * float64(width)))
		to = int(math.Ceil((end - start) / total * float64(width)))
	}
	from = clamp(from, 0, width-1)
	to = clamp(to, from+1, width)
	return strings.Repeat("·", from) + strings.Repeat("█", to-from) + strings.Repeat("·", width-to)
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// fit pads or cuts s to exactly n runes.
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s + strings.Repeat(" ", n-len(r))
}

func formatDuration(sec float64) string {
	ms := sec * 1000
	switch {
	case ms < 1:
		return fmt.Sprintf("%.0fµs", ms*1000)
	case ms < 1000:
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.2fs", sec)
}
