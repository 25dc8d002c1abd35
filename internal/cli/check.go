package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/qianshou/qianshou/internal/annotate"
	"github.com/qianshou/qianshou/internal/atomicfile"
	"github.com/qianshou/qianshou/internal/baseline"
	"github.com/qianshou/qianshou/internal/check"
	"github.com/qianshou/qianshou/internal/report"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/template"
	"github.com/qianshou/qianshou/internal/waivers"
	"github.com/qianshou/qianshou/rules"
	"github.com/spf13/cobra"
)

type checkFlags struct {
	allocation, rulesFile, asOf, scope, output, failOn, lang string
	waivers, baseline, annotate, password, counties          string
	sets, formats                                            []string
	year, jobs                                               int
	maskPII, noMaskPII, quiet                                bool
}

func newCheckCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [FILE|DIR ...]",
		Short: "检查省份工作簿 (check province workbooks)",
		Long: "检查各省报送的工作簿：结对、人员、资金、日期和每个单元格。目录会递归展开为其中的 .xlsx/.xlsm/.csv（以及需转换格式的 .xls/.et/.ods）。\n\n" +
			"Checks province workbooks. A directory expands to its workbooks, recursively, sorted by path.\n\n" +
			"退出码 Exit codes: 0 无达到 --fail-on 的问题 (nothing at or above --fail-on); 1 有 (violations found); 2 无法运行 (the run could not be done).",
		Example: "  qianshou check -a 任务分配表.xlsx 甘肃省.xlsx\n" +
			"  qianshou check -a testdata/sample/任务分配表.xlsx testdata/sample/provinces -f table -f json=report.json\n" +
			"  qianshou check --annotate 批注 --lang en provinces/",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.allocation, "allocation", "a", "", "任务分配表工作簿 (the task-allocation workbook)")
	fl.StringVarP(&f.rulesFile, "rules", "r", "", "规则文件，可 extends: default (a rules file; default: the embedded rules.yaml)")
	fl.StringArrayVar(&f.sets, "set", nil, "覆盖一个参数 KEY=VALUE，可重复 (override one param, repeatable)")
	fl.IntVar(&f.year, "year", 0, "只检查该工作年度 (only check that work year)")
	fl.StringVar(&f.asOf, "as-of", "", "判断截止日期所用的日期 YYYY-MM-DD，默认今天 (the date deadlines are judged against; default today)")
	fl.StringVar(&f.scope, "scope", "provinces", "覆盖范围 provinces|national (what coverage is judged over)")
	fl.StringArrayVarP(&f.formats, "format", "f", nil, "报告格式 FORMAT[=FILE]，可重复: "+strings.Join(formatNames(), ", ")+" (report format, repeatable)")
	fl.StringVarP(&f.output, "output", "o", "", "只有一个 --format 时写入此文件 (with a single --format: write it there)")
	fl.StringVar(&f.waivers, "waivers", "", "豁免清单 YAML (accepted exceptions)")
	fl.StringVar(&f.baseline, "baseline", "", "上次的 JSON 报告：只报告新增问题 (an earlier JSON report: only new violations)")
	fl.StringVar(&f.annotate, "annotate", "", "把标注了问题的工作簿副本写入此目录 (write annotated copies into DIR)")
	fl.StringVar(&f.failOn, "fail-on", "error", "达到此级别即退出码 1: error|warning|info|never (lowest severity that fails the run)")
	fl.StringVar(&f.lang, "lang", "zh", "报告语言 zh|en (language of titles and messages)")
	fl.BoolVar(&f.maskPII, "mask-pii", true, "遮盖身份证号和电话 (mask ID and phone numbers)")
	fl.BoolVar(&f.noMaskPII, "no-mask-pii", false, "显示完整身份证号和电话 (show ID and phone numbers)")
	fl.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "并行读取的文件数 (files read in parallel)")
	fl.StringVar(&f.password, "password", "", "加密工作簿的密码 (password for encrypted workbooks)")
	fl.StringVar(&f.counties, "counties", "", "用此 CSV 替换内置的160个重点帮扶县 (replace the embedded 160 counties)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "不显示进度 (no progress output)")
	completeFormats(cmd)
	_ = cmd.RegisterFlagCompletionFunc("scope", fixedCompletion("provinces", "national"))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixedCompletion("error", "warning", "info", "never"))
	_ = cmd.RegisterFlagCompletionFunc("lang", fixedCompletion("zh", "en"))
	return cmd
}

func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeFormats(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion(formatNames()...))
}

func formatNames() []string { return report.Names() }

// target is one report to write: a format and a file ("" = stdout).
type target struct{ format, path string }

func parseTargets(formats []string, output string) ([]target, error) {
	if len(formats) == 0 {
		formats = []string{"table"}
	}
	if output != "" && len(formats) > 1 {
		return nil, usageErr("-o/--output 只能与一个 --format 同用；多个格式请写 -f FORMAT=FILE (-o goes with a single --format; use -f FORMAT=FILE)")
	}
	var out []target
	stdout := 0
	for _, f := range formats {
		name, path, _ := strings.Cut(f, "=")
		if _, ok := report.Get(name); !ok {
			return nil, usageErr("未知的报告格式 %q，可用: %s (unknown format)", name, strings.Join(formatNames(), ", "))
		}
		if path == "" {
			path = output
		}
		if path == "" {
			stdout++
		}
		out = append(out, target{name, path})
	}
	if stdout > 1 {
		return nil, usageErr("只能有一个格式写到标准输出，其余请写 -f FORMAT=FILE (only one format can go to stdout)")
	}
	return out, nil
}

func runCheck(cmd *cobra.Command, args []string, f *checkFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if len(args) == 0 {
		return usageErr("没有输入：请给出工作簿文件或目录，例如 qianshou check 甘肃省.xlsx (no input: give workbook files or directories)")
	}
	if f.lang != "zh" && f.lang != "en" {
		return usageErr("--lang 只能是 zh 或 en (--lang must be zh or en)")
	}
	failOn, err := parseFailOn(f.failOn)
	if err != nil {
		return err
	}
	if f.scope != "provinces" && f.scope != "national" {
		return usageErr("--scope 只能是 provinces 或 national (--scope must be provinces or national)")
	}
	asOf := time.Now().UTC().Truncate(24 * time.Hour)
	if f.asOf != "" {
		asOf, err = time.Parse("2006-01-02", f.asOf)
		if err != nil {
			return usageErr("--as-of %q 不是 YYYY-MM-DD 日期 (--as-of must be YYYY-MM-DD)", f.asOf)
		}
	}
	targets, err := parseTargets(f.formats, f.output)
	if err != nil {
		return err
	}
	if err := refuseBinaryOnTerminal(targets, isTerminal(stdout)); err != nil {
		return err
	}
	for _, kv := range f.sets {
		if _, _, ok := strings.Cut(kv, "="); !ok {
			return usageErr("--set %q 应写成 KEY=VALUE (--set takes KEY=VALUE)", kv)
		}
	}
	if f.rulesFile != "" {
		if _, err := os.Stat(f.rulesFile); err != nil {
			return usageErr("找不到规则文件 %s (rules file not found)", f.rulesFile)
		}
	}
	counties, err := loadCounties(f.counties)
	if err != nil {
		return err
	}
	inputs, err := check.Expand(args)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if f.allocation != "" {
		info, err := os.Stat(f.allocation)
		if err != nil {
			return usageErr("找不到任务分配表 %s (allocation file not found)", f.allocation)
		}
		if info.IsDir() {
			return usageErr("-a 应给出任务分配表工作簿文件，%s 是一个目录 (-a takes the allocation workbook, not a directory)", f.allocation)
		}
		inputs = without(inputs, f.allocation)
	}
	inputs = withoutOwnOutputs(inputs, args, f.annotate, targets)
	if len(inputs) == 0 {
		return usageErr("在 %s 中没有找到工作簿 (.xlsx/.xlsm/.csv) (no workbooks found)", strings.Join(args, " "))
	}
	read := inputs
	if f.allocation != "" {
		read = append([]string{f.allocation}, inputs...)
	}
	copies, err := planOutputs(targets, f.annotate, read, nonEmpty(f.rulesFile, f.waivers, f.counties))
	if err != nil {
		return err
	}
	cfg := check.Config{
		Inputs:     inputs,
		Allocation: f.allocation,
		Rules:      func() (*rules.RuleSet, error) { return loadRuleSetFor(f.rulesFile, f.sets, f.year) },
		Options: rules.Options{
			Year: f.year, AsOf: asOf, Scope: f.scope, Lang: f.lang,
			MaskPII: f.maskPII && !f.noMaskPII, Counties: counties,
		},
		Jobs:     f.jobs,
		Password: f.password,
		FailOn:   failOn,
	}
	if f.waivers != "" {
		if cfg.Waivers, err = waivers.Load(f.waivers); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
	}
	if f.baseline != "" {
		if cfg.Baseline, err = baseline.Load(f.baseline); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
	}
	if !f.quiet && isTerminal(stderr) && os.Getenv("CI") == "" {
		cfg.Progress = newProgress(stderr)
	}
	res, err := check.Run(cfg)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if !anyRuleRan(res) {
		return usageErr("没有任何规则运行（全部被跳过或停用），请检查输入文件和规则文件 (no rule ran)")
	}
	if f.annotate != "" {
		writeAnnotations(copies, res, f.lang, f.password, f.quiet, stderr)
	}
	color := isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	for _, t := range targets {
		if err := writeReport(t, res, report.Options{Lang: f.lang, Color: color && t.path == ""}, stdout); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
	}
	if !res.Summary.Passed {
		return &exitError{code: ExitViolations}
	}
	return nil
}

func parseFailOn(s string) (result.Severity, error) {
	switch s {
	case "error", "warning", "info":
		return result.Severity(s), nil
	case "never":
		return "", nil
	}
	return "", usageErr("--fail-on 只能是 error、warning、info 或 never (--fail-on must be error|warning|info|never)")
}

// loadRuleSetFor loads the rule set with the --set overrides and checks that --year (0 = all) is
// one of its work years: a year outside the plan would only yield "no pairing that year" everywhere.
func loadRuleSetFor(path string, sets []string, year int) (*rules.RuleSet, error) {
	rs, err := loadRuleSetWith(path, sets)
	if err != nil || year == 0 {
		return rs, err
	}
	fig, err := template.FiguresFrom(rs.Params())
	if err == nil && !slices.Contains(fig.WorkYears, year) {
		return nil, fmt.Errorf("--year %d 不在实施方案的工作年度内（%d—%d），请改正 (--year must be a work year of the plan)",
			year, slices.Min(fig.WorkYears), slices.Max(fig.WorkYears))
	}
	return rs, nil
}

// loadRuleSetWith loads the rule set and applies the --set overrides (KEY=VALUE, checked already).
func loadRuleSetWith(path string, sets []string) (*rules.RuleSet, error) {
	rs, err := loadRuleSet(path)
	if err != nil {
		return nil, err
	}
	for _, kv := range sets {
		key, value, _ := strings.Cut(kv, "=")
		if err := rs.Set(key, value); err != nil {
			return nil, fmt.Errorf("参数覆盖无效：请改正 --set 的参数名或取值，可用的参数见 qianshou rules show 规则ID (bad --set): %w", err)
		}
	}
	return rs, nil
}

func loadRuleSet(path string) (*rules.RuleSet, error) {
	if path == "" {
		return rules.Default()
	}
	rs, err := rules.Load(path)
	if err != nil {
		return nil, explainRulesErr(path, err)
	}
	return rs, nil
}

// explainRulesErr puts what to do before the rule loader's own account of what is wrong.
func explainRulesErr(path string, err error) error {
	var le *rules.LoadError
	switch {
	case errors.As(err, &le):
		return fmt.Errorf("规则文件 %s 有误，请逐条改正（qianshou rules lint %s 列出全部错误及行号） (the rules file has errors):\n%w", path, path, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("找不到规则文件 %s，请检查路径 (rules file not found)", path)
	}
	return fmt.Errorf("无法读取规则文件 %s (cannot read the rules file): %w", path, err)
}

func without(list []string, path string) []string {
	abs, _ := filepath.Abs(path)
	var out []string
	for _, p := range list {
		if a, _ := filepath.Abs(p); a != abs {
			out = append(out, p)
		}
	}
	return out
}

func anyRuleRan(res *result.Result) bool {
	for _, s := range res.RuleStatus {
		if s.Status == "passed" || s.Status == "failed" {
			return true
		}
	}
	return false
}

// writeReport writes one report, to stdout or atomically to its file.
func writeReport(t target, res *result.Result, opt report.Options, stdout io.Writer) error {
	w, _ := report.Get(t.format)
	if t.path == "" {
		return w(stdout, res, opt)
	}
	return writeFileAtomic(t.path, func(out io.Writer) error { return w(out, res, opt) })
}

// writeFileAtomic writes to a temporary file beside path and renames it into place, so a reader
// never sees half a report.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if writesThrough(path) {
		return writeInto(path, write)
	}
	// 0644: a report is for sharing, like any file the user creates.
	err := atomicfile.Write(path, 0o644, write, nil)
	if err != nil {
		return fmt.Errorf("写入 %s 失败 (writing it failed): %w", path, err)
	}
	return nil
}

// writesThrough reports whether path is a pipe or device (-o /dev/stdout, -f json=>(jq …)): written
// into, never replaced — renaming a file over it would replace the device node itself.
func writesThrough(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.Mode().IsRegular() && !info.IsDir()
}

func writeInto(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("无法写入 %s (cannot write): %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("写入 %s 失败 (writing it failed): %w", path, err)
	}
	return f.Close()
}

// writeAnnotations writes the annotated copy of every readable workbook input where the plan says,
// and names each on stderr (unless quiet). A file that cannot be annotated (a CSV, a workbook
// excelize cannot rewrite) is named on stderr with the reason; the others are still written.
func writeAnnotations(copies map[string]string, res *result.Result, lang, password string, quiet bool, stderr io.Writer) {
	byFile := map[string][]result.Violation{}
	for _, v := range res.Violations {
		byFile[v.File] = append(byFile[v.File], v)
	}
	for _, in := range res.Inputs {
		if in.Error != "" {
			continue
		}
		dst, err := annotate.Write(in.File, copies[in.File], byFile[in.File], annotate.Options{Lang: lang, Password: password})
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "qianshou: 未能标注 (not annotated): %v\n", err)
		case !quiet:
			fmt.Fprintf(stderr, "qianshou: 标注副本 (annotated copy): %s\n", dst)
		}
	}
}

// nonEmpty drops the empty strings.
func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
