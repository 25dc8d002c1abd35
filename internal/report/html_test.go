package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/qianshou/qianshou/internal/result"
)

func TestHTMLGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			checkGolden(t, "html_"+lang+".golden.html", render(t, "html", richResult(), Options{Lang: lang}))
		})
	}
}

func TestHTMLIsDeterministic(t *testing.T) {
	if !bytes.Equal(render(t, "html", richResult(), Options{}), render(t, "html", richResult(), Options{})) {
		t.Error("the same Result gave two different pages")
	}
}

// page is a parsed HTML document with a few queries for the tests.
type page struct{ root *html.Node }

func parsePage(t *testing.T, b []byte) page {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return page{root}
}

// all returns the elements for which match is true, in document order.
func (p page) all(match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for n := range p.root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// violationRows are the rows of the violation table.
func (p page) violationRows() []*html.Node {
	return p.all(func(n *html.Node) bool {
		_, ok := attr(n, "data-severity")
		return n.Data == "tr" && ok
	})
}

// TestHTMLIsSelfContainedAndInert checks that the page loads nothing from elsewhere and that
// every submitter value is text: one script (the filter), no links or sources, the malicious
// values shown verbatim.
func TestHTMLIsSelfContainedAndInert(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		out := render(t, "html", richResult(), Options{Lang: lang})
		p := parsePage(t, out)
		if n := len(p.all(tag("script"))); n != 1 {
			t.Errorf("%s: %d script elements, want only the filter's", lang, n)
		}
		for _, el := range p.all(func(*html.Node) bool { return true }) {
			for _, a := range el.Attr {
				if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q> in a self-contained page", lang, el.Data, a.Key, a.Val)
				}
			}
		}
		for _, banned := range []string{"@import", "url(", "<link", "<iframe", "<img"} {
			if bytes.Contains(out, []byte(banned)) {
				t.Errorf("%s: page contains %q", lang, banned)
			}
		}
		values := map[string]bool{}
		for _, el := range p.all(func(n *html.Node) bool { v, _ := attr(n, "class"); return v == "val" }) {
			values[text(el)] = true
		}
		for _, bad := range []string{hyperlinkFormula, cmdFormula, scriptTag} {
			if !values[bad] {
				t.Errorf("%s: value %q not shown verbatim as text (values: %v)", lang, bad, values)
			}
		}
	}
}

// chromium finds Debian's chromium (or another name for it) or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("chromium is not installed: skipping the real-browser check of the HTML report (apt-get install chromium)")
	return ""
}

// dumpDOM loads url in headless Chromium, runs its script, and returns the resulting DOM.
func dumpDOM(t *testing.T, browser, url string) page {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--dump-dom", url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return parsePage(t, out)
}

func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, render(t, "html", richResult(), Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, hash string
		visible    []string // the rules of the rows left visible, in order
	}{
		{"unfiltered", "", []string{"county-coverage", "file-unreadable", "invalid-value", "invalid-value", "invalid-value",
			"dispatch-min-workers", "worker-certificate", "worker-certificate"}},
		{"errors of gansu", "#sev=error&q=gansu", []string{"invalid-value", "invalid-value"}},
		{"errors, not waived", "#sev=error", []string{"county-coverage", "file-unreadable", "invalid-value", "invalid-value",
			"dispatch-min-workers", "worker-certificate"}},
		{"waived", "#sev=waived", []string{"worker-certificate"}},
		{"text matches a message", "#q=" + "东乡族", []string{"county-coverage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := dumpDOM(t, browser, "file://"+path+tt.hash)
			var visible []string
			for _, row := range p.violationRows() {
				if _, hidden := attr(row, "hidden"); !hidden {
					visible = append(visible, text(p.firstIn(row, "code")))
				}
			}
			if strings.Join(visible, " ") != strings.Join(tt.visible, " ") {
				t.Errorf("visible rows %v, want %v", visible, tt.visible)
			}
			if shown := p.byID("shown"); shown == nil || text(shown) != strconv.Itoa(len(tt.visible)) {
				t.Errorf("the shown counter does not say %d", len(tt.visible))
			}
			// The page as the browser built it: one script, the submitter's <script> only text.
			if n := len(p.all(tag("script"))); n != 1 {
				t.Errorf("%d script elements in the live page, want 1", n)
			}
			body := text(p.all(tag("body"))[0])
			for _, want := range []string{"牵手计划检查报告", "未通过", scriptTag, hyperlinkFormula, "证据：援派人员 第 4、9 行", "金阳县、昭觉县"} {
				if !strings.Contains(body, want) {
					t.Errorf("page does not show %q", want)
				}
			}
			if n := len(p.all(tag("rect"))); n < 8 {
				t.Errorf("%d bars in the charts, want at least 8", n)
			}
		})
	}
}

func (p page) byID(id string) *html.Node {
	found := p.all(func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

func (p page) firstIn(n *html.Node, name string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == name {
			return d
		}
	}
	return &html.Node{}
}

// TestEmptyResult checks that a run with nothing in it still gives a page and a workbook.
func TestEmptyResult(t *testing.T) {
	empty := &result.Result{Summary: result.Summary{Passed: true}}
	page := parsePage(t, render(t, "html", empty, Options{}))
	if body := text(page.all(tag("body"))[0]); !strings.Contains(body, "未发现问题") || !strings.Contains(body, "通过") {
		t.Errorf("empty page does not say that nothing was found and the run passed:\n%s", body)
	}
	f := openXLSX(t, render(t, "xlsx", empty, Options{}))
	if rows, _ := f.GetRows("问题清单"); len(rows) != 1 {
		t.Errorf("问题清单 of an empty run has %d rows, want the header only", len(rows))
	}
}
