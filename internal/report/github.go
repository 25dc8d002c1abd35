package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("github", writeGitHub) }

// writeGitHub writes a GitHub Actions workflow command per violation, which the runner turns
// into an annotation: ::error file=F,line=ROW,title=RULE::MESSAGE. Warnings and infos become
// warning and notice annotations; a waived violation is only a notice. The message starts with
// the sheet and cell, since a workbook has no text lines for GitHub to point at.
func writeGitHub(w io.Writer, r *result.Result, opt Options) error {
	var b strings.Builder
	for _, v := range r.Violations {
		level := map[result.Severity]string{result.Error: "error", result.Warning: "warning"}[v.Severity]
		if level == "" || v.Waived != nil {
			level = "notice"
		}
		var props []string
		if v.File != "" {
			props = append(props, "file="+githubProperty(v.File))
		}
		if v.Row > 0 {
			props = append(props, "line="+strconv.Itoa(v.Row))
		}
		props = append(props, "title="+githubProperty(v.Rule))
		msg := v.Message
		if at := place(opt.Lang, v); at != "" {
			msg = at + ": " + msg
		}
		for _, extra := range []string{evidence(opt.Lang, v), waiverNote(opt.Lang, v)} {
			if extra != "" {
				msg += "\n" + extra
			}
		}
		b.WriteString("::" + level + " " + strings.Join(props, ",") + "::" + githubData(msg) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// GitHub's escaping of workflow command data and of property values (which also escape , and :).
var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func githubData(s string) string     { return githubDataEscaper.Replace(s) }
func githubProperty(s string) string { return githubPropertyEscaper.Replace(s) }
