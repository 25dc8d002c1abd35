package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("table", writeTable) }

// messageWidth caps the message column so a long message wraps instead of running off a
// terminal; it is fixed rather than measured so that output is the same everywhere.
const messageWidth = 60

// writeTable writes the terminal report: summary, rule status, then violations by file and sheet.
// It is built in memory and written at once, so a failed write is reported.
func writeTable(out io.Writer, r *result.Result, opt Options) error {
	w := &bytes.Buffer{}
	lang := opt.Lang
	paint := painter(opt.Color)
	s := r.Summary

	verdictColor := ansiGreen
	if !s.Passed {
		verdictColor = ansiRed
	}
	fmt.Fprintf(w, "%s %s\n", paint(ansiBold, "qianshou:"), paint(verdictColor, verdict(lang, s.Passed)))
	fmt.Fprintln(w, strings.Join(summaryCounts(lang, s), "  "))

	fmt.Fprintf(w, "\n%s\n", paint(ansiBold, phraseRuleStatus.in(lang)))
	rules := make([][]string, len(r.RuleStatus))
	for i, rs := range r.RuleStatus {
		rules[i] = []string{terminalSafe(rs.Rule), paint(severityColor(rs.Severity), severityName(lang, rs.Severity)), terminalSafe(rs.Title), terminalSafe(statusName(lang, rs))}
	}
	if err := RenderTable(w, []string{phraseRule.in(lang), phraseSeverity.in(lang), phraseTitle.in(lang), phraseStatus.in(lang)}, rules); err != nil {
		return err
	}

	fmt.Fprintf(w, "\n%s\n", paint(ansiBold, phraseViolations.in(lang)))
	if len(r.Violations) == 0 {
		fmt.Fprintln(w, phraseNoViolation.in(lang))
	}
	vs := groupBySheet(r.Violations)
	header := []string{phraseLocation.in(lang), phraseSeverity.in(lang), phraseRule.in(lang), phraseMessage.in(lang)}
	for start := 0; start < len(vs); {
		end := start + 1
		for end < len(vs) && vs[end].File == vs[start].File && vs[end].Sheet == vs[start].Sheet {
			end++
		}
		group := vs[start].File
		if group == "" {
			group = phraseWholeBatch.in(lang)
		}
		if vs[start].Sheet != "" {
			group += " › " + vs[start].Sheet
		}
		fmt.Fprintf(w, "\n%s\n", paint(ansiBold, terminalSafe(group)))
		rows := make([][]string, 0, end-start)
		for _, v := range vs[start:end] {
			rows = append(rows, tableRow(lang, paint, v))
		}
		if err := RenderTable(w, header, rows); err != nil {
			return err
		}
		start = end
	}

	if len(r.ExpiredWaivers) > 0 {
		fmt.Fprintf(w, "\n%s\n", paint(ansiBold, phraseExpired.in(lang)))
		rows := make([][]string, len(r.ExpiredWaivers))
		for i, e := range r.ExpiredWaivers {
			rows[i] = []string{terminalSafe(e.Rule), terminalSafe(e.Expires), wrapText(terminalSafe(e.Reason), messageWidth)}
		}
		if err := RenderTable(w, []string{phraseRule.in(lang), phraseExpires.in(lang), phraseReason.in(lang)}, rows); err != nil {
			return err
		}
	}
	if len(r.Fixed) > 0 {
		fmt.Fprintf(w, "\n%s\n", paint(ansiBold, phraseFixedList.in(lang)))
		for _, f := range r.Fixed {
			fmt.Fprintln(w, "  "+terminalSafe(f))
		}
	}
	_, err := w.WriteTo(out)
	return err
}

// groupBySheet orders violations by file and sheet, in the order each (file, sheet) first
// occurs, and by row within one sheet.
func groupBySheet(in []result.Violation) []result.Violation {
	type sheetKey struct{ file, sheet string }
	first := map[sheetKey]int{}
	for i, v := range in {
		if _, ok := first[sheetKey{v.File, v.Sheet}]; !ok {
			first[sheetKey{v.File, v.Sheet}] = i
		}
	}
	vs := append([]result.Violation(nil), in...)
	sort.SliceStable(vs, func(i, j int) bool {
		gi, gj := first[sheetKey{vs[i].File, vs[i].Sheet}], first[sheetKey{vs[j].File, vs[j].Sheet}]
		if gi != gj {
			return gi < gj
		}
		return vs[i].Row < vs[j].Row
	})
	return vs
}

// tableRow is one violation: where, how bad, which rule, and the message with its evidence and
// waiver on lines of their own.
func tableRow(lang string, paint func(string, string) string, v result.Violation) []string {
	sev := paint(severityColor(v.Severity), severityName(lang, v.Severity))
	if v.New != nil && *v.New {
		sev += " " + phraseNew.in(lang)
	}
	lines := []string{v.Message}
	for _, extra := range []string{evidence(lang, v), waiverNote(lang, v)} {
		if extra != "" {
			lines = append(lines, extra)
		}
	}
	if v.Waived != nil {
		sev = paint(ansiDim, severityName(lang, v.Severity)+" "+phraseWaived.in(lang))
	}
	return []string{terminalSafe(cellOrRow(lang, v)), sev, terminalSafe(v.Rule), wrapText(terminalSafe(strings.Join(lines, "\n")), messageWidth)}
}

// renderTable draws one ASCII-bordered table (ASCII borders keep alignment in every terminal
// font, including the legacy Chinese consoles that draw box characters double-width).
func RenderTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off), // keep rule ids and English labels as written
		// Ambiguous-width characters (“”…) are measured narrow whatever the locale, so the
		// same Result gives the same bytes on every machine. CJK ideographs stay double-width.
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
	)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// terminalSafe replaces control characters other than newline with U+FFFD: text a submitter
// wrote must not move the cursor, clear the screen or recolour the terminal (nor upset the
// table's widths).
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// ANSI colours for the terminal.
const (
	ansiRed   = "31"
	ansiGreen = "32"
	ansiYel   = "33"
	ansiBlue  = "34"
	ansiBold  = "1"
	ansiDim   = "2"
)

func severityColor(s result.Severity) string {
	switch s {
	case result.Error:
		return ansiRed
	case result.Warning:
		return ansiYel
	}
	return ansiBlue
}

// painter wraps text in an ANSI colour when colour is on, and leaves it alone otherwise.
func painter(on bool) func(code, text string) string {
	return func(code, text string) string {
		if !on || text == "" {
			return text
		}
		return "\x1b[" + code + "m" + text + "\x1b[0m"
	}
}

// wrapText breaks s into lines at most width columns wide: between the words of Latin text,
// anywhere in Chinese text (which has no spaces), and inside a word only when it alone is too
// long. Wrapping here rather than in tablewriter keeps Chinese lines full.
func wrapText(s string, width int) string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line, lineWidth := "", 0
		for _, tok := range wrapTokens(para) {
			w := textWidth(tok)
			if lineWidth > 0 && lineWidth+w > width {
				lines = append(lines, strings.TrimRight(line, " "))
				line, lineWidth = "", 0
				if tok == " " {
					continue
				}
			}
			for w > width {
				head := cutToWidth(tok, width)
				lines = append(lines, head)
				tok = tok[len(head):]
				w = textWidth(tok)
			}
			line, lineWidth = line+tok, lineWidth+w
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return strings.Join(lines, "\n")
}

// wrapTokens splits a line into the units wrapText keeps together: a single space, a run of
// narrow non-space characters (a Latin word), or one wide character.
func wrapTokens(s string) []string {
	var toks []string
	word := -1 // start of the pending Latin word
	for i, r := range s {
		if r != ' ' && textWidth(string(r)) == 1 {
			if word < 0 {
				word = i
			}
			continue
		}
		if word >= 0 {
			toks, word = append(toks, s[word:i]), -1
		}
		toks = append(toks, string(r))
	}
	if word >= 0 {
		toks = append(toks, s[word:])
	}
	return toks
}

// cutToWidth is the longest prefix of s at most width columns wide (at least one character).
func cutToWidth(s string, width int) string {
	w := 0
	for i, r := range s {
		w += textWidth(string(r))
		if w > width && i > 0 {
			return s[:i]
		}
	}
	return s
}

// textWidth measures as the table does, ambiguous characters narrow.
func textWidth(s string) int {
	return twwidth.WidthWithOptions(s, twwidth.Options{})
}
