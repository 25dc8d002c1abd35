package report

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestJUnitGolden(t *testing.T) {
	checkGolden(t, "report.junit.xml", render(t, "junit", sampleResult(), Options{}))
}

// The report parses back as XML into the suites, cases and failures a CI system reads.
func TestJUnitParsesBack(t *testing.T) {
	r := sampleResult()
	r.Violations[0].Message += " \x01\x1b]]></failure>" // control characters are not XML; ]]> and tags stay text
	out := render(t, "junit", r, Options{Lang: "en"})
	var doc junitSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not valid XML: %v", err)
	}
	var names []string
	cases, failures, skipped := 0, 0, 0
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		cases += len(s.Cases)
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %q has classname %q in suite %q", c.Name, c.Classname, s.Name)
			}
			if c.Failure != nil {
				failures++
			}
			if c.Skipped != nil {
				skipped++
			}
		}
	}
	if got, want := strings.Join(names, "; "), "batch/broken.xls; batch/gansu.xlsx; batch/shanghai, 2022: v2.xlsx; qianshou"; got != want {
		t.Errorf("suites %s, want %s", got, want)
	}
	if doc.Tests != cases || doc.Failures != failures || doc.Skipped != skipped {
		t.Errorf("totals tests=%d failures=%d skipped=%d, counted %d %d %d", doc.Tests, doc.Failures, doc.Skipped, cases, failures, skipped)
	}
	// gansu: invalid-value fails with both 结对关系 cells and the 受援人员 one, the <script> value
	// inside a message stays text.
	for _, c := range doc.Suites[1].Cases {
		if strings.HasPrefix(c.Name, "invalid-value ") {
			if c.Failure == nil || c.Failure.Message != "3 violation(s)" || !strings.Contains(c.Failure.Body, "结对关系!G9: ") {
				t.Errorf("invalid-value case in gansu.xlsx = %+v", c.Failure)
			}
		}
	}
	// shanghai: the waived certificate does not count; the other one fails.
	for _, c := range doc.Suites[2].Cases {
		if strings.HasPrefix(c.Name, "worker-certificate ") {
			if c.Failure == nil || c.Failure.Message != "1 violation(s)" || !strings.Contains(c.SystemOut, "waived: ") {
				t.Errorf("worker-certificate case in shanghai = %+v, system-out %q", c.Failure, c.SystemOut)
			}
		}
	}
}
