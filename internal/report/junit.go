package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("junit", writeJUnit) }

// junitRunSuite holds the violations that belong to no file (e.g. a key county with no pairing).
const junitRunSuite = "qianshou"

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure"`
	Skipped   *junitSkipped `xml:"skipped"`
	// SystemOut lists the waived violations, which do not fail the case.
	SystemOut string `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// writeJUnit writes a testsuite per input file and a testcase per rule in it: failed with the
// rule's violations in that file, skipped when the rule did not run, passed otherwise.
func writeJUnit(w io.Writer, r *result.Result, opt Options) error {
	byFile := map[string][]result.Violation{}
	unread := map[string]bool{} // no rule ran on these files: list only what failed
	var files []string
	for _, in := range r.Inputs {
		if _, ok := byFile[in.File]; !ok {
			byFile[in.File] = nil
			files = append(files, in.File)
		}
		unread[in.File] = in.Error != ""
	}
	for _, v := range r.Violations {
		if _, ok := byFile[v.File]; !ok && v.File != "" {
			files = append(files, v.File)
		}
		byFile[v.File] = append(byFile[v.File], v)
	}

	doc := junitSuites{Name: junitRunSuite}
	for _, f := range files {
		doc.Suites = append(doc.Suites, junitFileSuite(opt.Lang, f, r.RuleStatus, byFile[f], unread[f]))
	}
	if len(byFile[""]) > 0 {
		doc.Suites = append(doc.Suites, junitFileSuite(opt.Lang, junitRunSuite, r.RuleStatus, byFile[""], true))
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}

	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

// junitFileSuite is the suite of one file: a case per rule, or with onlyFailing (an unreadable
// file, the run suite) only for the rules that have violations there.
func junitFileSuite(lang, name string, rules []result.RuleStatus, vs []result.Violation, onlyFailing bool) junitSuite {
	suite := junitSuite{Name: name}
	for _, rs := range rules {
		c := junitCase{Classname: name, Name: rs.Rule + " " + rs.Title}
		var failed, waived []string
		for _, v := range vs {
			if v.Rule != rs.Rule {
				continue
			}
			line := v.Message
			if at := place(lang, v); at != "" {
				line = at + ": " + line
			}
			if ev := evidence(lang, v); ev != "" {
				line += "\n  " + ev
			}
			if v.Waived != nil {
				waived = append(waived, line+"\n  "+waiverNote(lang, v))
			} else {
				failed = append(failed, line)
			}
		}
		if onlyFailing && len(failed)+len(waived) == 0 {
			continue
		}
		switch {
		case rs.Status == "skipped" || rs.Status == "disabled":
			c.Skipped = &junitSkipped{Message: statusName(lang, rs)}
			suite.Skipped++
		case len(failed) > 0:
			c.Failure = &junitFailure{
				Message: fmt.Sprintf(phraseCount.in(lang), len(failed)),
				Type:    string(rs.Severity),
				Body:    strings.Join(failed, "\n"),
			}
			suite.Failures++
		}
		c.SystemOut = strings.Join(waived, "\n")
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
	}
	return suite
}
