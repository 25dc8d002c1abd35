package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("markdown", writeMarkdown) }

// markdownMaxRows caps the violations table: a GitHub job summary is limited to 1 MiB.
const markdownMaxRows = 200

// writeMarkdown writes a report for a GitHub job summary: a summary line, the rule status and
// the violations, each a table. Text from the Result is escaped so that it stays plain text.
func writeMarkdown(w io.Writer, r *result.Result, opt Options) error {
	lang := opt.Lang
	s := r.Summary
	icon := "✅"
	if !s.Passed {
		icon = "❌"
	}
	counts := icon + " **" + verdict(lang, s.Passed) + "** · " + strings.Join(summaryCounts(lang, s), " · ")
	b := &strings.Builder{}
	b.WriteString(counts + "\n\n### " + phraseRuleStatus.in(lang) + "\n\n")
	markdownRow(b, phraseRule.in(lang), phraseSeverity.in(lang), phraseTitle.in(lang), phraseStatus.in(lang))
	b.WriteString("|---|---|---|---|\n")
	for _, rs := range r.RuleStatus {
		markdownRow(b, "`"+rs.Rule+"`", severityName(lang, rs.Severity), markdownText(rs.Title), markdownText(statusName(lang, rs)))
	}

	b.WriteString("\n### " + phraseViolations.in(lang) + "\n\n")
	if len(r.Violations) == 0 {
		b.WriteString(phraseNoViolation.in(lang) + "\n")
	} else {
		markdownRow(b, phraseSeverity.in(lang), phraseRule.in(lang), phraseFile.in(lang), phraseLocation.in(lang), phraseMessage.in(lang))
		b.WriteString("|---|---|---|---|---|\n")
	}
	for i, v := range r.Violations {
		if i == markdownMaxRows {
			b.WriteString("\n" + fmt.Sprintf(phraseAndMore.in(lang), len(r.Violations)-i) + "\n")
			break
		}
		sev := severityName(lang, v.Severity)
		if v.Waived != nil {
			sev = "~~" + sev + "~~ " + phraseWaived.in(lang)
		}
		msg := v.Message
		for _, extra := range []string{evidence(lang, v), waiverNote(lang, v)} {
			if extra != "" {
				msg += "\n" + extra
			}
		}
		markdownRow(b, sev, "`"+v.Rule+"`", markdownText(v.File), markdownText(place(lang, v)), markdownText(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func markdownRow(b *strings.Builder, cells ...string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// markdownEscaper makes text literal in a GitHub-flavoured Markdown table cell: markup
// characters are backslash-escaped (so a submitter's <script> or [link](…) stays text), a pipe
// cannot end the cell and a newline becomes <br>.
var markdownEscaper = func() *strings.Replacer {
	var pairs []string
	for _, c := range "\\`*_[]<>|~&" {
		pairs = append(pairs, string(c), `\`+string(c))
	}
	return strings.NewReplacer(append(pairs, "\r\n", "<br>", "\n", "<br>", "\r", "<br>")...)
}()

func markdownText(s string) string { return markdownEscaper.Replace(s) }
