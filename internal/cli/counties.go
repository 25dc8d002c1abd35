package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/report"
	"github.com/spf13/cobra"
)

var countyFormats = []string{"table", "json", "csv"}

func newCountiesCmd() *cobra.Command {
	var province, format, file string
	cmd := &cobra.Command{
		Use:   "counties",
		Short: "列出国家乡村振兴重点帮扶县 (list the 160 key counties)",
		Long: "列出160个国家乡村振兴重点帮扶县：省份、所属地市、县、区划代码、常见别名和核实来源数。\n" +
			"核实来源数为 0 的行是依据公开资料的重建；持有官方名单的用户可用 --counties 换成自己的文件（格式同 --format csv 的输出）。\n\n" +
			"Lists the 160 national key counties for rural revitalisation with province, prefecture, code,\n" +
			"aliases and how many public sources verified each. Rows verified by 0 sources are a\n" +
			"reconstruction; pass the official list with --counties (same format as --format csv).",
		Example: "  qianshou counties --province 甘肃\n" +
			"  qianshou counties --format csv > counties.csv\n" +
			"  qianshou counties --counties 官方名单.csv --format json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			counties, err := loadCounties(file)
			if err != nil {
				return err
			}
			list := counties.All()
			if province != "" {
				p, err := resolveProvince(province)
				if err != nil {
					return err
				}
				list = counties.InProvince(p)
				if len(list) == 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s没有国家乡村振兴重点帮扶县；有重点帮扶县的省份：%s (no key counties in %s)\n",
						p, strings.Join(counties.Provinces(), "、"), p)
				}
			}
			out := cmd.OutOrStdout()
			switch format {
			case "table":
				return writeCountiesTable(out, counties.Source, list)
			case "json":
				return writeCountiesJSON(out, counties.Source, list)
			case "csv":
				fmt.Fprintln(cmd.ErrOrStderr(), provenance(counties.Source, list))
				return writeCountiesCSV(out, list)
			}
			return usageErr("未知的格式 %q，可用：%s (unknown format)", format, strings.Join(countyFormats, ", "))
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&province, "province", "p", "", "只列出该省份的县，全称或简称 (only this province)")
	fl.StringVarP(&format, "format", "f", "table", "输出格式 "+strings.Join(countyFormats, "|")+" (output format)")
	fl.StringVar(&file, "counties", "", "用此 CSV 替换内置名单 (use this county list instead of the embedded one)")
	completeProvinces(cmd)
	_ = cmd.MarkFlagFilename("counties", "csv")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion(countyFormats...))
	return cmd
}

// loadCounties returns the embedded county list, or the user's file when path is set.
func loadCounties(path string) (*reference.Counties, error) {
	if path == "" {
		return reference.DefaultCounties(), nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, usageErr("无法打开县名单 %s (cannot open counties file): %v", path, err)
	}
	defer fh.Close()
	c, err := reference.LoadCounties(fh, path)
	if err != nil {
		return nil, usageErr("县名单 %s 无法使用，请按 qianshou counties --format csv 导出的格式改正 (the county list cannot be used): %v", path, err)
	}
	return c, nil
}

// resolveProvince returns the full name of a province given by full or short name, or a usage
// error that lists the valid names.
func resolveProvince(s string) (string, error) {
	if p, ok := reference.LookupProvince(s); ok {
		return p.Name, nil
	}
	return "", usageErr("未知的省份 %q；可用的省份（全称或简称）：%s (unknown province)", s, strings.Join(provinceNames(), "、"))
}

func provinceNames() []string {
	var names []string
	for _, p := range reference.Provinces() {
		names = append(names, p.Name)
	}
	return names
}

// completeProvinces completes --province with the province names.
func completeProvinces(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("province", fixedCompletion(provinceNames()...))
}

// provenance says where a county list comes from and how far to trust it.
func provenance(source string, list []reference.County) string {
	unverified := 0
	for _, c := range list {
		if c.Verified == 0 {
			unverified++
		}
	}
	from := "内置名单：2021年8月27日中央农村工作领导小组办公室、国家乡村振兴局公布的国家乡村振兴重点帮扶县 (embedded list)"
	if source != "embedded" {
		from = "用户提供的名单 " + source + " (user-supplied list)"
	}
	note := fmt.Sprintf("来源：%s。共 %d 个县。", from, len(list))
	if unverified > 0 {
		note += fmt.Sprintf("\n其中 %d 个县（核实来源数 0）未能与官方附件核对，是依据公开资料的重建；如有官方名单，请用 --counties 文件 替换。"+
			"\n%d rows with verified=0 are a reconstruction; pass the official list with --counties FILE.", unverified, unverified)
	}
	return note
}

func writeCountiesTable(w io.Writer, source string, list []reference.County) error {
	rows := make([][]string, len(list))
	for i, c := range list {
		rows[i] = []string{c.Province, c.Prefecture, c.Name, c.Code, strings.Join(c.Aliases, "、"), strconv.Itoa(c.Verified)}
	}
	if len(rows) > 0 {
		if err := report.RenderTable(w, []string{"省份", "地市", "县", "代码", "别名", "核实来源数"}, rows); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, provenance(source, list))
	return err
}

// countyJSON is one county in --format json.
type countyJSON struct {
	Province   string   `json:"province"`
	Prefecture string   `json:"prefecture,omitempty"`
	Name       string   `json:"county"`
	Code       string   `json:"code,omitempty"`
	Aliases    []string `json:"aliases,omitempty"`
	Verified   int      `json:"verified"`
}

func writeCountiesJSON(w io.Writer, source string, list []reference.County) error {
	doc := struct {
		Source   string       `json:"source"`
		Note     string       `json:"note"`
		Counties []countyJSON `json:"counties"`
	}{Source: source, Note: provenance(source, list), Counties: []countyJSON{}}
	for _, c := range list {
		doc.Counties = append(doc.Counties, countyJSON{c.Province, c.Prefecture, c.Name, c.Code, c.Aliases, c.Verified})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// writeCountiesCSV writes the list in the format --counties reads, so it can be edited and fed back.
func writeCountiesCSV(w io.Writer, list []reference.County) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"province", "prefecture", "county", "code", "aliases", "verified"})
	for _, c := range list {
		_ = cw.Write([]string{c.Province, c.Prefecture, c.Name, c.Code, strings.Join(c.Aliases, "|"), strconv.Itoa(c.Verified)})
	}
	cw.Flush()
	return cw.Error()
}
