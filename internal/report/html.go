package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("html", writeHTML) }

// Words of the HTML report only.
var (
	phraseFilter       = phrase{"筛选", "Filter"}
	phraseFilterHint   = phrase{"输入文字筛选：文件、规则、说明……", "Type to filter: file, rule, message…"}
	phraseAllSeverity  = phrase{"全部级别", "All severities"}
	phraseShown        = phrase{"显示", "Shown"}
	phraseByRuleChart  = phrase{"各规则的问题数", "Violations per rule"}
	phraseCoverageHead = phrase{"重点县覆盖情况", "Key-county coverage"}
	phraseFilesHead    = phrase{"文件", "Files"}
	phraseGenerated    = phrase{"由 %s %s 生成 · 规则集 %s · 判断基准日 %s", "Made by %s %s · rule set %s · as of %s"}
	phraseNoCoverage   = phrase{"本次没有覆盖数据。", "No coverage data in this run."}
	phraseContext      = phrase{"分组", "Group"}
)

// writeHTML writes one self-contained page: no script, style, font or image comes from elsewhere
// (a Content-Security-Policy forbids it), so it opens offline and a submitter's value can load
// nothing. html/template escapes every value from the Result.
func writeHTML(w io.Writer, r *result.Result, opt Options) error {
	return htmlPage().Execute(w, newHTMLView(r, opt.Lang))
}

// htmlPage is parsed when first used, not at start-up: it costs half a millisecond of every run,
// and most runs write no HTML.
var htmlPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlTemplate))
})

// htmlView is what the page shows, computed in Go so that the template stays plain.
type htmlView struct {
	HTMLLang   string
	L          map[string]string // the page's own words
	Meta       string
	Passed     bool
	Verdict    string
	Cards      []htmlCard
	RuleChart  htmlChart
	CovChart   htmlChart
	Coverage   []htmlCoverage
	Files      []htmlFile
	Rules      []htmlRule
	Violations []htmlViolation
	Severities []htmlOption
	Expired    []result.ExpiredWaiver
}

type htmlCard struct{ Label, Value, Class string }

type htmlOption struct{ Value, Label string }

type htmlFile struct {
	tally
	Error string
}

// Name and the other accessors expose tally's fields to the template.
func (f htmlFile) Name() string     { return f.name }
func (f htmlFile) Province() string { return fmt.Sprint(f.second) }
func (f htmlFile) Counts() []int    { return []int{f.rows, f.errors, f.warnings, f.infos, f.waived} }
func (f htmlFile) Passed() bool     { return f.passed }

type htmlRule struct {
	Rule, Severity, SeverityName, Title, PolicyRef, Status string
}

type htmlCoverage struct {
	result.Coverage
	MissingCount int
	MissingNames string
}

type htmlViolation struct {
	Severity, SeverityName, Rule, Title, PolicyRef string
	File, Place, Value, Message, Evidence, Waiver  string
	Context                                        []string
	Waived, New                                    bool
}

// htmlChart is a horizontal bar chart laid out in pixels.
type htmlChart struct {
	Width, Height, LabelWidth int
	Bars                      []htmlBar
}

type htmlBar struct {
	Y, TextY, ValueX int
	Label, Value     string
	Segments         []htmlSegment
}

type htmlSegment struct {
	X, Y, W int
	Class   string
}

const (
	chartLabelWidth = 220
	chartBarWidth   = 420
	chartRow        = 26
)

func newHTMLView(r *result.Result, lang string) htmlView {
	s := r.Summary
	v := htmlView{
		HTMLLang: map[bool]string{true: "en", false: "zh-CN"}[lang == "en"],
		Meta:     fmt.Sprintf(phraseGenerated.in(lang), r.Tool, r.Version, r.Rules.Name, r.AsOf),
		Passed:   s.Passed,
		Verdict:  verdict(lang, s.Passed),
		Expired:  r.ExpiredWaivers,
		L: map[string]string{
			"title": phraseReportTitle.in(lang), "filter": phraseFilter.in(lang), "filterHint": phraseFilterHint.in(lang),
			"shown": phraseShown.in(lang), "byRule": phraseByRuleChart.in(lang), "coverage": phraseCoverageHead.in(lang),
			"files": phraseFilesHead.in(lang), "rules": phraseRuleStatus.in(lang), "violations": phraseViolations.in(lang),
			"none": phraseNoViolation.in(lang), "noCoverage": phraseNoCoverage.in(lang), "expired": phraseExpired.in(lang),
			"file": phraseFile.in(lang), "province": phraseProvince.in(lang), "rowsRead": phraseRowsRead.in(lang),
			"error": severityName(lang, result.Error), "warning": severityName(lang, result.Warning),
			"info": severityName(lang, result.Info), "waived": phraseWaived.in(lang), "result": phraseResult.in(lang),
			"rule": phraseRule.in(lang), "severity": phraseSeverity.in(lang), "titleCol": phraseTitle.in(lang),
			"policyRef": phrasePolicyRef.in(lang), "status": phraseStatus.in(lang), "location": phraseLocation.in(lang),
			"message": phraseMessage.in(lang), "value": phraseValue.in(lang), "recipient": phraseRecipient.in(lang),
			"year": phraseYear.in(lang), "keyCounties": phraseKeyCounties.in(lang), "paired": phrasePaired.in(lang),
			"missing": phraseMissing.in(lang), "missingNames": phraseMissingNames.in(lang), "new": phraseNew.in(lang),
			"reason": phraseReason.in(lang), "expires": phraseExpires.in(lang), "context": phraseContext.in(lang),
			"errors": phraseErrors.in(lang), "warnings": phraseWarnings.in(lang), "infos": phraseInfos.in(lang),
			"unreadable": phraseUnreadable.in(lang), "allSeverities": phraseAllSeverity.in(lang),
		},
	}
	v.Cards = []htmlCard{
		{phraseResult.in(lang), v.Verdict, map[bool]string{true: "pass", false: "fail"}[s.Passed]},
		{phraseFiles.in(lang), strconv.Itoa(s.Files), ""},
		{phraseRowsRead.in(lang), strconv.Itoa(s.Rows), ""},
		{phraseErrors.in(lang), strconv.Itoa(s.Errors), "error"},
		{phraseWarnings.in(lang), strconv.Itoa(s.Warnings), "warning"},
		{phraseInfos.in(lang), strconv.Itoa(s.Infos), "info"},
		{phraseWaived.in(lang), strconv.Itoa(s.Waived), "waived"},
	}
	if s.New != nil {
		v.Cards = append(v.Cards, htmlCard{phraseNew.in(lang), strconv.Itoa(*s.New), ""})
	}
	if s.Fixed != nil {
		v.Cards = append(v.Cards, htmlCard{phraseFixed.in(lang), strconv.Itoa(*s.Fixed), ""})
	}
	for _, sev := range []result.Severity{result.Error, result.Warning, result.Info} {
		v.Severities = append(v.Severities, htmlOption{string(sev), severityName(lang, sev)})
	}
	v.Severities = append(v.Severities, htmlOption{"waived", phraseWaived.in(lang)})

	for i, t := range tallyResult(r, lang).files {
		v.Files = append(v.Files, htmlFile{tally: t, Error: r.Inputs[i].Error})
	}
	for _, rs := range r.RuleStatus {
		v.Rules = append(v.Rules, htmlRule{rs.Rule, string(rs.Severity), severityName(lang, rs.Severity), rs.Title, rs.PolicyRef, statusName(lang, rs)})
	}
	for _, c := range r.Coverage {
		v.Coverage = append(v.Coverage, htmlCoverage{c, c.Counties - c.Paired, strings.Join(c.Missing, phrase{"、", ", "}.in(lang))})
	}
	for _, x := range r.Violations {
		v.Violations = append(v.Violations, htmlViolation{
			Severity: string(x.Severity), SeverityName: severityName(lang, x.Severity), Rule: x.Rule, Title: x.Title,
			PolicyRef: x.PolicyRef, File: x.File, Place: place(lang, x), Value: x.Value, Message: x.Message,
			Evidence: evidence(lang, x), Waiver: waiverNote(lang, x), Context: contextChips(x.Context),
			Waived: x.Waived != nil, New: x.New != nil && *x.New,
		})
	}
	v.RuleChart = ruleChart(r, lang)
	v.CovChart = coverageChart(r.Coverage)
	return v
}

// contextChips are a group violation's keys as "key=value", sorted by key.
func contextChips(ctx map[string]any) []string {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	chips := make([]string, len(keys))
	for i, k := range keys {
		chips[i] = k + "=" + fmt.Sprint(ctx[k])
	}
	return chips
}

// ruleChart has one bar per rule with violations, longest first, in parts by severity; the
// waived part is grey.
func ruleChart(r *result.Result, lang string) htmlChart {
	parts := []string{string(result.Error), string(result.Warning), string(result.Info), "waived"}
	type count struct {
		rule string
		n    []int // per part
		all  int
	}
	byRule := map[string]*count{}
	var rules []*count
	for _, v := range r.Violations {
		c := byRule[v.Rule]
		if c == nil {
			c = &count{rule: v.Rule, n: make([]int, len(parts))}
			byRule[v.Rule] = c
			rules = append(rules, c)
		}
		c.all++
		switch {
		case v.Waived != nil:
			c.n[3]++
		case v.Severity.Rank() > 0:
			c.n[3-v.Severity.Rank()]++
		}
	}
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].all != rules[j].all {
			return rules[i].all > rules[j].all
		}
		return rules[i].rule < rules[j].rule
	})
	most := 1
	if len(rules) > 0 {
		most = rules[0].all
	}
	ch := newChart(len(rules))
	for i, c := range rules {
		value := strconv.Itoa(c.all - c.n[3])
		if c.n[3] > 0 {
			value += " + " + strconv.Itoa(c.n[3]) + " " + phraseWaived.in(lang)
		}
		ch.Bars = append(ch.Bars, ch.bar(i, c.rule, value, c.n, parts, most))
	}
	return ch
}

// coverageChart has one bar per recipient province and year: paired counties green, missing red.
func coverageChart(cov []result.Coverage) htmlChart {
	ch := newChart(len(cov))
	for i, c := range cov {
		value := fmt.Sprintf("%d/%d", c.Paired, c.Counties)
		ch.Bars = append(ch.Bars, ch.bar(i, c.Province+" "+strconv.Itoa(c.Year), value,
			[]int{c.Paired, c.Counties - c.Paired}, []string{"paired", "missing"}, c.Counties))
	}
	return ch
}

func newChart(bars int) htmlChart {
	return htmlChart{Width: chartLabelWidth + chartBarWidth + 160, Height: bars*chartRow + 8, LabelWidth: chartLabelWidth}
}

// bar lays out row i: segments of the given sizes side by side, scaled so that total fills the
// bar area; a segment that is not empty is at least 2 px wide so that it can be seen.
func (ch htmlChart) bar(i int, label, value string, sizes []int, classes []string, total int) htmlBar {
	b := htmlBar{Y: 4 + i*chartRow, TextY: 4 + i*chartRow + chartRow/2 + 1, Label: label, Value: value}
	x := ch.LabelWidth
	for k, n := range sizes {
		if n <= 0 {
			continue
		}
		w := max(2, n*chartBarWidth/max(total, 1))
		b.Segments = append(b.Segments, htmlSegment{x, b.Y + 4, w, classes[k]})
		x += w
	}
	b.ValueX = x + 6
	return b
}

// htmlTemplate is the page. Its script filters the violation table as one types (a severity
// shows the violations not waived, like the cards count them); a location hash
// such as #sev=error&q=甘肃 presets the filter, so a filtered view can be linked to.
const htmlTemplate = `<!DOCTYPE html>
<html lang="{{.HTMLLang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{{.L.title}}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;background:#fafafa;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#666;margin-bottom:16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:92px}
.card .n{font-size:24px;font-weight:600}.card .k{color:#666}
.card.pass .n{color:#1e7b34}.card.fail .n{color:#c0392b}.card.error .n{color:#c0392b}.card.warning .n{color:#b7791f}.card.info .n{color:#2471a3}.card.waived .n{color:#777}
svg{background:#fff;border:1px solid #ddd;border-radius:6px;max-width:100%;height:auto}
svg text{font-size:12px;fill:#333;dominant-baseline:middle}
rect.error,.key.error{fill:#e74c3c;background:#e74c3c}rect.warning,.key.warning{fill:#f1c40f;background:#f1c40f}rect.info,.key.info{fill:#5dade2;background:#5dade2}
rect.waived,.key.waived{fill:#bbb;background:#bbb}rect.paired,.key.paired{fill:#27ae60;background:#27ae60}rect.missing,.key.missing{fill:#e74c3c;background:#e74c3c}
.legend{color:#555;font-size:12px;margin:4px 0 10px}.key{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px;vertical-align:middle}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top;line-height:1.5}
th{background:#eee;position:sticky;top:0}
td.num{text-align:right}
.sev{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;white-space:nowrap}
.sev.error{background:#c0392b}.sev.warning{background:#b7791f}.sev.info{background:#2471a3}
tr.waived td{color:#888}tr.waived .sev{background:#999}
.ok{color:#1e7b34;font-weight:600}.bad{color:#c0392b;font-weight:600}
.sub{color:#555;font-size:12px;margin-top:3px}
.chip{display:inline-block;background:#eef;border-radius:3px;padding:0 5px;margin:2px 4px 0 0;font-size:12px}
code,.val{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-all}
.msg{white-space:pre-wrap}
code.rule{white-space:nowrap;word-break:normal}
#violations td:nth-child(3),#violations th:nth-child(3){min-width:9em}#violations td:nth-child(4){min-width:7em}#violations th:nth-child(6){min-width:6em}
.filter{display:flex;gap:10px;align-items:center;margin-bottom:8px}
.filter input{flex:1;max-width:420px;padding:5px}
</style>
</head>
<body>
<h1>{{.L.title}}</h1>
<div class="meta">{{.Meta}}</div>
<div class="cards">{{range .Cards}}<div class="card {{.Class}}"><div class="n">{{.Value}}</div><div class="k">{{.Label}}</div></div>{{end}}</div>

<h2>{{.L.byRule}}</h2>
{{if .RuleChart.Bars}}{{template "chart" .RuleChart}}
<div class="legend"><span class="key error"></span>{{.L.error}} <span class="key warning"></span>{{.L.warning}} <span class="key info"></span>{{.L.info}} <span class="key waived"></span>{{.L.waived}}</div>{{else}}<p>{{.L.none}}</p>{{end}}

<h2>{{.L.coverage}}</h2>
{{if .Coverage}}{{template "chart" .CovChart}}
<div class="legend"><span class="key paired"></span>{{.L.paired}} <span class="key missing"></span>{{.L.missing}}</div>
<table id="coverage"><thead><tr><th>{{.L.recipient}}</th><th>{{.L.year}}</th><th>{{.L.keyCounties}}</th><th>{{.L.paired}}</th><th>{{.L.missing}}</th><th>{{.L.missingNames}}</th></tr></thead>
<tbody>{{range .Coverage}}<tr><td>{{.Province}}</td><td>{{.Year}}</td><td class="num">{{.Counties}}</td><td class="num">{{.Paired}}</td><td class="num">{{.MissingCount}}</td><td>{{.MissingNames}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{.L.noCoverage}}</p>{{end}}

<h2>{{.L.violations}}</h2>
{{if .Violations}}<div class="filter"><label for="q">{{.L.filter}}</label><input id="q" type="search" placeholder="{{.L.filterHint}}">
<select id="sev"><option value="">{{.L.allSeverities}}</option>{{range .Severities}}<option value="{{.Value}}">{{.Label}}</option>{{end}}</select>
<span>{{.L.shown}} <b id="shown">{{len .Violations}}</b> / {{len .Violations}}</span></div>
<table id="violations"><thead><tr><th>{{.L.severity}}</th><th>{{.L.rule}}</th><th>{{.L.file}}</th><th>{{.L.location}}</th><th>{{.L.message}}</th><th>{{.L.value}}</th></tr></thead>
<tbody>{{range .Violations}}<tr data-severity="{{.Severity}}"{{if .Waived}} data-waived="1" class="waived"{{end}}>
<td><span class="sev {{.Severity}}">{{.SeverityName}}</span>{{if .New}} <span class="chip">{{$.L.new}}</span>{{end}}</td>
<td><code class="rule">{{.Rule}}</code><div class="sub">{{.Title}}{{if .PolicyRef}} · {{.PolicyRef}}{{end}}</div></td>
<td>{{.File}}</td><td>{{.Place}}</td>
<td><div class="msg">{{.Message}}</div>{{if .Evidence}}<div class="sub evidence">{{.Evidence}}</div>{{end}}{{if .Context}}<div class="sub">{{range .Context}}<span class="chip">{{.}}</span>{{end}}</div>{{end}}{{if .Waiver}}<div class="sub">{{.Waiver}}</div>{{end}}</td>
<td><span class="val">{{.Value}}</span></td></tr>
{{end}}</tbody></table>{{else}}<p>{{.L.none}}</p>{{end}}

<h2>{{.L.files}}</h2>
<table id="files"><thead><tr><th>{{.L.file}}</th><th>{{.L.province}}</th><th>{{.L.rowsRead}}</th><th>{{.L.errors}}</th><th>{{.L.warnings}}</th><th>{{.L.infos}}</th><th>{{.L.waived}}</th><th>{{.L.result}}</th></tr></thead>
<tbody>{{range .Files}}<tr><td>{{.Name}}{{if .Error}}<div class="sub">{{$.L.unreadable}}: {{.Error}}</div>{{end}}</td><td>{{.Province}}</td>{{range .Counts}}<td class="num">{{.}}</td>{{end}}<td>{{if .Passed}}<span class="ok">✔</span>{{else}}<span class="bad">✘</span>{{end}}</td></tr>
{{end}}</tbody></table>

<h2>{{.L.rules}}</h2>
<table id="rules"><thead><tr><th>{{.L.rule}}</th><th>{{.L.severity}}</th><th>{{.L.titleCol}}</th><th>{{.L.policyRef}}</th><th>{{.L.status}}</th></tr></thead>
<tbody>{{range .Rules}}<tr><td><code>{{.Rule}}</code></td><td><span class="sev {{.Severity}}">{{.SeverityName}}</span></td><td>{{.Title}}</td><td>{{.PolicyRef}}</td><td>{{.Status}}</td></tr>
{{end}}</tbody></table>
{{if .Expired}}
<h2>{{.L.expired}}</h2>
<table id="expired"><thead><tr><th>{{.L.rule}}</th><th>{{.L.reason}}</th><th>{{.L.expires}}</th></tr></thead>
<tbody>{{range .Expired}}<tr><td><code>{{.Rule}}</code></td><td>{{.Reason}}</td><td>{{.Expires}}</td></tr>
{{end}}</tbody></table>{{end}}
<script>
(function () {
  var q = document.getElementById("q"), sev = document.getElementById("sev"), shown = document.getElementById("shown");
  if (!q) { return; }
  var rows = document.querySelectorAll("#violations tbody tr");
  function apply() {
    var text = q.value.trim().toLowerCase(), want = sev.value, n = 0;
    rows.forEach(function (r) {
      var waived = r.dataset.waived === "1";
      var ok = (want === "" || (want === "waived" ? waived : !waived && r.dataset.severity === want)) &&
        (text === "" || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n;
  }
  var preset = new URLSearchParams(location.hash.slice(1));
  if (preset.has("q")) { q.value = preset.get("q"); }
  if (preset.has("sev")) { sev.value = preset.get("sev"); }
  q.addEventListener("input", apply);
  sev.addEventListener("change", apply);
  apply();
})();
</script>
</body>
</html>
{{define "chart"}}<svg role="img" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}">
{{range .Bars}}<text x="8" y="{{.TextY}}">{{.Label}}</text>{{range .Segments}}<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="18"></rect>{{end}}<text x="{{.ValueX}}" y="{{.TextY}}">{{.Value}}</text>
{{end}}</svg>
{{end}}`
