package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qianshou/qianshou/internal/report"
	"github.com/qianshou/qianshou/rules"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

var ruleListFormats = []string{"table", "json", "markdown"}

// rulesFlags are the flags every rules subcommand shares.
type rulesFlags struct{ file, lang string }

func newRulesCmd() *cobra.Command {
	var rf rulesFlags
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "查看、检查和测试规则 (list, show, lint and test rules)",
		Long: "查看规则目录（list、show、doc），检查规则文件的写法（lint），运行规则自带的通过/不通过示例（test）。\n" +
			"不加 --rules 时使用内置的 rules.yaml。\n\n" +
			"Inspect the rule catalogue, lint a rules file and run the pass/fail examples each rule carries.\n" +
			"Without --rules, the embedded rules.yaml is used.",
		Example: "  qianshou rules list\n" +
			"  qianshou rules show worker-certificate\n" +
			"  qianshou rules lint 我的规则.yaml\n" +
			"  qianshou rules test 我的规则.yaml\n" +
			"  qianshou rules doc > docs/rules.md",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	pf := cmd.PersistentFlags()
	pf.StringVarP(&rf.file, "rules", "r", "", "规则文件 (a rules file; default: the embedded rules.yaml)")
	pf.StringVar(&rf.lang, "lang", "zh", "语言 zh|en (language of titles and messages)")
	_ = cmd.MarkPersistentFlagFilename("rules", "yaml", "yml")
	_ = cmd.RegisterFlagCompletionFunc("lang", fixedCompletion("zh", "en"))
	cmd.AddCommand(newRulesListCmd(&rf), newRulesShowCmd(&rf), newRulesLintCmd(), newRulesTestCmd(&rf), newRulesDocCmd(&rf))
	return cmd
}

// load checks --lang and loads the rule set named by --rules (or the embedded one).
func (rf *rulesFlags) load() (*rules.RuleSet, error) {
	if rf.lang != "zh" && rf.lang != "en" {
		return nil, usageErr("--lang 只能是 zh 或 en (--lang must be zh or en)")
	}
	rs, err := loadRuleSet(rf.file)
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	return rs, nil
}

func newRulesListCmd(rf *rulesFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "列出全部规则 (list the rules: id, severity, title, policy_ref)",
		Example: "  qianshou rules list --format markdown --lang en",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rs, err := rf.load()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch format {
			case "table":
				return report.RenderTable(out, catalogueHeader(rf.lang), catalogueRows(rs, rf.lang))
			case "markdown":
				return writeMarkdownTable(out, catalogueHeader(rf.lang), catalogueRows(rs, rf.lang))
			case "json":
				return writeRulesJSON(out, rs, rf.lang)
			}
			return usageErr("未知的格式 %q，可用：%s (unknown format)", format, strings.Join(ruleListFormats, ", "))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "输出格式 "+strings.Join(ruleListFormats, "|")+" (output format)")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion(ruleListFormats...))
	return cmd
}

func catalogueHeader(lang string) []string {
	if lang == "en" {
		return []string{"rule", "severity", "title", "policy_ref"}
	}
	return []string{"规则", "级别", "标题", "政策条款"}
}

// catalogueRows lists the rules in catalogue order; a disabled rule says so in its severity.
func catalogueRows(rs *rules.RuleSet, lang string) [][]string {
	var rows [][]string
	for _, r := range rs.Rules() {
		sev := string(r.Severity)
		if r.Disabled {
			sev += map[bool]string{true: " (disabled)", false: "（已停用）"}[lang == "en"]
		}
		rows = append(rows, []string{r.ID, sev, r.Title(lang), r.PolicyRef})
	}
	return rows
}

// ruleJSON is one rule in `rules list --format json`.
type ruleJSON struct {
	ID        string `json:"id"`
	Severity  string `json:"severity"`
	Title     string `json:"title"`
	PolicyRef string `json:"policy_ref,omitempty"`
	Kind      string `json:"kind"`
	Disabled  bool   `json:"disabled,omitempty"`
}

func writeRulesJSON(w io.Writer, rs *rules.RuleSet, lang string) error {
	list := []ruleJSON{}
	for _, r := range rs.Rules() {
		list = append(list, ruleJSON{r.ID, string(r.Severity), r.Title(lang), r.PolicyRef, r.Kind, r.Disabled})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(list)
}

func writeMarkdownTable(w io.Writer, header []string, rows [][]string) error {
	line := func(cells []string) string {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = strings.ReplaceAll(strings.ReplaceAll(c, "|", `\|`), "\n", " ")
		}
		return "| " + strings.Join(esc, " | ") + " |\n"
	}
	var b strings.Builder
	b.WriteString(line(header))
	b.WriteString(strings.Repeat("|---", len(header)) + "|\n")
	for _, r := range rows {
		b.WriteString(line(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func newRulesShowCmd(rf *rulesFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "显示一条规则：参数、消息和示例 (show one rule: its params, messages and examples)",
		Example: "  qianshou rules show worker-certificate --lang en",
		Args:    oneArg("请给出规则 ID", "qianshou rules show worker-min-days"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := rf.load()
			if err != nil {
				return err
			}
			r, err := findRule(rs, args[0])
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), showRule(r, rf.lang))
			return err
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			rs, err := loadRuleSet(rf.file)
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var ids []string
			for _, r := range rs.Rules() {
				if strings.HasPrefix(r.ID, toComplete) {
					ids = append(ids, r.ID+"\t"+r.Title(rf.lang))
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

// findRule returns the rule with id, or a usage error that suggests the ids that contain it.
func findRule(rs *rules.RuleSet, id string) (*rules.Rule, error) {
	if r := rs.Rule(id); r != nil {
		return r, nil
	}
	var near []string
	for _, r := range rs.Rules() {
		if strings.Contains(r.ID, id) || strings.Contains(id, r.ID) {
			near = append(near, r.ID)
		}
	}
	hint := "运行 qianshou rules list 查看全部规则 (run qianshou rules list)"
	if len(near) > 0 {
		hint = "是否要找：" + strings.Join(near, ", ") + " (did you mean)"
	}
	return nil, usageErr("未知的规则 %q；%s", id, hint)
}

// showRule describes one rule: what it is, the params it uses, its messages in both languages and
// its examples.
func showRule(r *rules.Rule, lang string) string {
	en := lang == "en"
	label := func(zh, english string) string { return pick(en, zh, english) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", r.ID, r.Title(lang))
	fmt.Fprintf(&b, "%s: %s    %s: %s    %s: %s", label("级别", "severity"), r.Severity,
		label("政策条款", "policy"), r.PolicyRef, label("类型", "kind"), r.Kind)
	if len(r.On) > 0 {
		fmt.Fprintf(&b, "    %s: %s", label("作用于", "runs on"), strings.Join(r.On, ", "))
	}
	if r.Disabled {
		b.WriteString("    " + label("已停用", "disabled"))
	}
	b.WriteString("\n\n" + label("参数", "Params") + ":\n")
	params := r.Params()
	if len(params) == 0 {
		b.WriteString("  " + label("（无）", "(none)") + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		fmt.Fprintf(&b, "  %s = %s\n", k, displayValue(params[k]))
	}
	fmt.Fprintf(&b, "\n%s (zh):\n  %s\n", label("消息", "Message"), r.Message("zh"))
	fmt.Fprintf(&b, "%s (en):\n  %s\n", label("消息", "Message"), r.Message("en"))
	for _, ex := range []struct {
		name string
		rows []map[string]any
	}{{label("应通过的示例", "Passing examples"), r.Examples.Pass}, {label("应报告的示例", "Failing examples"), r.Examples.Fail}} {
		fmt.Fprintf(&b, "\n%s (%d):\n", ex.name, len(ex.rows))
		for _, row := range ex.rows {
			b.WriteString(indentYAML(row))
		}
	}
	return b.String()
}

// indentYAML writes an example as a YAML list item (keys sorted, so the output is stable).
func indentYAML(v any) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Sprintf("  - %v\n", v)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	for i, l := range lines {
		prefix := "    "
		if i == 0 {
			prefix = "  - "
		}
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func newRulesLintCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lint FILE",
		Short: "检查规则文件的写法，列出每个错误及其行号 (lint a rules file: every error with its line)",
		Long: "读入并编译规则文件，列出全部错误（文件:行: 说明）。没有错误时输出 ok，退出码 0；有错误时退出码 2。\n\n" +
			"Loads and compiles a rules file and lists every error as file:line: message. Prints ok and\n" +
			"exits 0 when clean; exits 2 on errors.",
		Example: "  qianshou rules lint 我的规则.yaml",
		Args:    oneArg("请给出规则文件", "qianshou rules lint 我的规则.yaml"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := loadRuleSet(args[0]); err != nil {
				return rulesFileError(cmd.OutOrStdout(), err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), "ok")
			return nil
		},
		ValidArgsFunction: yamlFiles,
	}
}

// rulesFileError prints the issues of a rules file that failed to load, one per line, and exits 2.
func rulesFileError(w io.Writer, err error) error {
	var le *rules.LoadError
	if !errors.As(err, &le) {
		return &exitError{code: ExitUsage, err: err}
	}
	fmt.Fprintln(w, le.Error())
	return &exitError{code: ExitUsage, err: fmt.Errorf("%s: %d 处错误 (%d errors)", le.File, len(le.Issues), len(le.Issues))}
}

func yamlFiles(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

func newRulesTestCmd(rf *rulesFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "test [FILE]",
		Short: "运行每条规则自带的通过/不通过示例 (run each rule's pass/fail examples)",
		Long: "运行规则文件（不给 FILE 时为 --rules 或内置规则）中每条规则的示例：pass 示例不应报告问题，fail 示例应当报告。\n" +
			"全部符合时退出码 0；有不符时列出差异，退出码 1。\n\n" +
			"Runs every rule's examples: a pass example must raise nothing, a fail example must raise\n" +
			"the rule. Exits 1 with a diff on a mismatch.",
		Example: "  qianshou rules test 我的规则.yaml",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				rf.file = args[0]
			}
			if rf.lang != "zh" && rf.lang != "en" {
				return usageErr("--lang 只能是 zh 或 en (--lang must be zh or en)")
			}
			rs, err := loadRuleSet(rf.file)
			if err != nil {
				return rulesFileError(cmd.OutOrStdout(), err)
			}
			return runExamples(cmd.OutOrStdout(), rs, rf.lang)
		},
		ValidArgsFunction: yamlFiles,
	}
}

// runExamples reports each failed example with its diff and a count; exit 1 on any mismatch.
func runExamples(w io.Writer, rs *rules.RuleSet, lang string) error {
	results := rs.RunExamples()
	failed := 0
	for _, res := range results {
		if res.OK {
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL %s: %s example at line %d\n%s\n", res.Rule, res.Kind, res.Line, indent(strings.TrimRight(res.Diff, "\n"), "    "))
	}
	if failed > 0 {
		if lang == "en" {
			fmt.Fprintf(w, "%d of %d examples failed\n", failed, len(results))
		} else {
			fmt.Fprintf(w, "%d 个示例中有 %d 个不符\n", len(results), failed)
		}
		return &exitError{code: ExitViolations}
	}
	if lang == "en" {
		fmt.Fprintf(w, "ok: %d examples passed\n", len(results))
	} else {
		fmt.Fprintf(w, "ok：%d 个示例全部符合\n", len(results))
	}
	return nil
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func newRulesDocCmd(rf *rulesFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "doc",
		Short:   "输出规则目录的 Markdown 文档 (write the rule catalogue as a Markdown page)",
		Example: "  qianshou rules doc > docs/rules.md\n  qianshou rules doc --lang en > docs/rules.en.md",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rs, err := rf.load()
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), ruleDoc(rs, rf.lang))
			return err
		},
	}
}

// ruleDoc is the Markdown page of a rule set: its params, a summary table, then each rule.
func ruleDoc(rs *rules.RuleSet, lang string) string {
	en := lang == "en"
	label := func(zh, english string) string { return pick(en, zh, english) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", label("规则目录", "Rule catalogue"))
	fmt.Fprintf(&b, "%s `%s` (sha256 `%s`). %s\n\n", label("规则集", "Rule set"), rs.Name(), rs.SHA256()[:12],
		label("本页由 `qianshou rules doc` 生成，请勿手改。", "Generated by `qianshou rules doc`; do not edit by hand."))

	fmt.Fprintf(&b, "## %s\n\n", label("参数", "Params"))
	params := rs.Params()
	var prow [][]string
	for _, k := range slices.Sorted(maps.Keys(params)) {
		prow = append(prow, []string{"`" + k + "`", displayValue(params[k])})
	}
	_ = writeMarkdownTable(&b, []string{label("参数", "param"), label("值", "value")}, prow)

	fmt.Fprintf(&b, "\n## %s\n\n", label("规则一览", "Summary"))
	rows := catalogueRows(rs, lang)
	for _, r := range rows {
		r[0] = "[`" + r[0] + "`](#" + r[0] + ")"
	}
	_ = writeMarkdownTable(&b, catalogueHeader(lang), rows)

	for _, r := range rs.Rules() {
		fmt.Fprintf(&b, "\n### %s\n\n**%s**\n\n", r.ID, r.Title(lang))
		fmt.Fprintf(&b, "- %s: `%s`\n- %s: %s\n- %s: `%s`\n", label("级别", "Severity"), r.Severity,
			label("政策条款", "Policy"), r.PolicyRef, label("类型", "Kind"), r.Kind)
		if r.Disabled {
			fmt.Fprintf(&b, "- %s\n", label("已停用", "Disabled"))
		}
		if ps := r.Params(); len(ps) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(ps)) {
				parts = append(parts, "`"+k+"` = "+displayValue(ps[k]))
			}
			fmt.Fprintf(&b, "- %s: %s\n", label("参数", "Params"), strings.Join(parts, ", "))
		}
		fmt.Fprintf(&b, "- %s: %d / %d\n", label("示例（通过/报告）", "Examples (pass/fail)"), len(r.Examples.Pass), len(r.Examples.Fail))
		fmt.Fprintf(&b, "\n> %s\n", strings.ReplaceAll(strings.TrimSpace(r.Message(lang)), "\n", "\n> "))
	}
	return b.String()
}

// displayValue writes a param value as a rules file would.
func displayValue(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = displayValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// pick returns the English text when en is set, else the Chinese.
func pick(en bool, zh, english string) string {
	if en {
		return english
	}
	return zh
}

// oneArg accepts exactly one argument and, otherwise, says what to give with an example.
func oneArg(what, example string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageErr("%s（一个），例如 %s (give exactly one argument, e.g. %s)", what, example, example)
		}
		return nil
	}
}
