package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeUpToDate keeps the documentation generated from the rule set in step with it: the
// catalogue table in README.md and the whole of docs/rules.md.
func TestReadmeUpToDate(t *testing.T) {
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		if code := Main(args, nil, &out, &errb); code != 0 {
			t.Fatalf("qianshou %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	begin, end := "<!-- rules list: begin", "<!-- rules list: end -->"
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", begin, end)
	}
	section := text[strings.Index(text[i:], "\n")+i+1 : j]
	if want := run("rules", "list", "--format", "markdown"); section != want {
		t.Errorf("README.md's rule catalogue is stale: paste the output of `qianshou rules list --format markdown`\n%s", firstDifference(want, section))
	}
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := run("rules", "doc"); string(doc) != want {
		t.Errorf("docs/rules.md is stale: regenerate it with `qianshou rules doc > docs/rules.md`\n%s", firstDifference(want, string(doc)))
	}
}

// TestReadmeRulesExampleHolds: the custom rules file the README shows passes `rules lint` and
// `rules test`, as a reader who copies it will run them.
func TestReadmeRulesExampleHolds(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start = "# 甘肃.rules.yaml\n"
	text := string(readme)
	i := strings.Index(text, start)
	if i < 0 {
		t.Fatalf("README.md lacks the block starting %q", start)
	}
	block := text[i : i+strings.Index(text[i:], "```")]
	path := filepath.Join(t.TempDir(), "甘肃.rules.yaml")
	if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"lint", "test"} {
		var out, errb bytes.Buffer
		if code := Main([]string{"rules", cmd, path}, nil, &out, &errb); code != 0 {
			t.Errorf("qianshou rules %s on the README's example: exit %d\n%s%s", cmd, code, out.String(), errb.String())
		}
	}
}
