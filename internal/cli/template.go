package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/qianshou/qianshou/internal/template"
	"github.com/spf13/cobra"
)

func newTemplateCmd() *cobra.Command {
	var kind, province, output, rulesFile string
	var year int
	var force bool
	cmd := &cobra.Command{
		Use:   "template -o FILE",
		Short: "生成空白填报模板 (write a blank workbook to fill in)",
		Long: "生成标准格式的空白工作簿：所有工作表和表头、填报说明、下拉列表（省份、重点帮扶县、机构类型、证书等级、帮扶类型、工作年度），\n" +
			"身份证号码和统一社会信用代码列设为文本格式，日期和金额列设好格式，表头批注说明每一列怎么填。填报说明中的数字取自规则文件。\n\n" +
			"Writes a blank workbook in the canonical format: every sheet and header, a 填报说明 sheet,\n" +
			"dropdowns for every enumerated field, ID and credit-code columns formatted as text, date and\n" +
			"money formats, and header comments that explain each field.",
		Example: "  qianshou template -o 甘肃省模板.xlsx --province 甘肃 --year 2022\n" +
			"  qianshou template --kind allocation -o 任务分配表.xlsx",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output == "" {
				return usageErr("请用 -o 指定输出文件，例如 -o 模板.xlsx (-o FILE is required)")
			}
			if !strings.EqualFold(filepath.Ext(output), ".xlsx") {
				return usageErr("输出文件 %s 须以 .xlsx 结尾 (the output must be an .xlsx file)", output)
			}
			if kind != template.KindProvince && kind != template.KindAllocation {
				return usageErr("未知的 --kind %q，可用：%s (unknown kind)", kind, strings.Join(template.Kinds, ", "))
			}
			opts := template.Options{Kind: kind, Year: year}
			if province != "" {
				p, err := resolveProvince(province)
				if err != nil {
					return err
				}
				opts.Province = p
			}
			rs, err := loadRuleSet(rulesFile)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			if opts.Figures, err = template.FiguresFrom(rs.Params()); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			if err := prepareOutput(output, "-o "+filepath.Join(output, "模板.xlsx")); err != nil {
				return err
			}
			if _, err := os.Stat(output); err == nil && !force {
				return usageErr("%s 已存在；加 --force 覆盖 (%s exists; add --force to replace it)", output, output)
			}
			// Build first, so a bad option never leaves a file behind.
			f, err := template.New(opts)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			defer f.Close()
			if err := writeFileAtomic(output, func(w io.Writer) error { return f.Write(w) }); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "已写入 %s (wrote %s)\n", output, output)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&output, "output", "o", "", "输出文件 .xlsx (the file to write)")
	fl.StringVar(&kind, "kind", template.KindProvince, "工作簿类型 province（省份实施方案附表）| allocation（任务分配表） (workbook kind)")
	fl.StringVarP(&province, "province", "p", "", "填报省份，预填到基本信息，并把县的下拉列表限于该省 (the filing province)")
	fl.IntVar(&year, "year", 0, "工作年度：下拉列表只提供该年度 (the only work year offered)")
	fl.StringVarP(&rulesFile, "rules", "r", "", "规则文件，填报说明中的数字取自它的 params (rules file whose params the guide states)")
	fl.BoolVar(&force, "force", false, "覆盖已存在的文件 (replace an existing file)")
	completeProvinces(cmd)
	_ = cmd.MarkFlagFilename("output", "xlsx")
	_ = cmd.MarkFlagFilename("rules", "yaml", "yml")
	_ = cmd.RegisterFlagCompletionFunc("kind", fixedCompletion(template.Kinds...))
	return cmd
}
