package annotate

import "github.com/qianshou/qianshou/internal/result"

// texts are the labels of an annotated copy in one language.
type texts struct {
	sheet             string
	headers           []string // severity, rule, title, message, cell, value, waived
	severity          map[result.Severity]string
	waived            string // prefix of a waiver's reason in a comment
	wholeFile         string // the location of a violation about no cell
	author            string
	csvNotAnnotatable string
	onlyXLSX          string
	wouldOverwrite    string
	malformed         string
	copyUnfaithful    string
	cannotVerify      string
	cannotOpen        string
	tooMuchText       string
}

var zh = texts{
	sheet:   "检查结果",
	headers: []string{"严重程度", "规则", "标题", "说明", "位置", "单元格的值", "豁免"},
	severity: map[result.Severity]string{
		result.Error: "错误", result.Warning: "警告", result.Info: "提示",
	},
	waived:            "已豁免",
	wholeFile:         "（整个文件）",
	author:            "qianshou",
	csvNotAnnotatable: "CSV 文件没有单元格格式和批注，无法生成标注副本；请另存为 .xlsx 后再检查，或查看检查报告",
	onlyXLSX:          "只能为 .xlsx 或 .xlsm 工作簿生成标注副本；请另存为 .xlsx 后再检查",
	wouldOverwrite:    "标注副本会覆盖原文件；请为 --annotate 指定另一个目录",
	malformed:         "工作簿结构异常，无法生成标注副本；请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
	copyUnfaithful:    "标注副本未能原样保留工作簿内容（如 Strict Open XML 格式），未写出；请用 Excel 或 WPS 另存为普通 .xlsx 后再检查。首个不一致处",
	cannotOpen:        "无法打开工作簿以生成标注副本：如果它设置了打开密码，请用 --password 提供；否则请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
	cannotVerify:      "工作簿中有无法按单元格逐一读取的内容（如无效的单元格引用），无法核对标注副本，未写出；请用 Excel 或 WPS 打开后另存为 .xlsx 再检查。位置",
	tooMuchText:       "工作簿展开后的文字超过 512 MB（同一长文本被大量单元格引用，文件可能是恶意构造的），未生成标注副本；请向报送单位索取正常的工作簿。位置",
}

var en = texts{
	sheet:   "Check results",
	headers: []string{"Severity", "Rule", "Title", "Message", "Location", "Cell value", "Waiver"},
	severity: map[result.Severity]string{
		result.Error: "error", result.Warning: "warning", result.Info: "info",
	},
	waived:            "waived",
	wholeFile:         "(whole file)",
	author:            "qianshou",
	csvNotAnnotatable: "a CSV file has no cell formats or comments, so no annotated copy can be made; save it as .xlsx and check again, or read the report",
	onlyXLSX:          "annotated copies can only be made of .xlsx or .xlsm workbooks; save it as .xlsx and check again",
	wouldOverwrite:    "the annotated copy would overwrite the input; give --annotate another directory",
	malformed:         "the workbook is malformed, so no annotated copy can be made; open it in Excel or WPS, save it as .xlsx and check again",
	copyUnfaithful:    "the annotated copy did not keep the workbook's content as written (e.g. a Strict Open XML workbook), so it was not written; save it as a standard .xlsx in Excel or WPS and check again. First difference",
	cannotOpen:        "the workbook cannot be opened to make an annotated copy: if it has an open password, give it with --password; otherwise open it in Excel or WPS, save it as .xlsx and check again",
	cannotVerify:      "the workbook has content that cannot be read cell by cell (e.g. invalid cell references), so the annotated copy cannot be verified and was not written; open it in Excel or WPS, save it as .xlsx and check again. At",
	tooMuchText:       "the workbook's text expands to more than 512 MB (one long text referenced by very many cells: the file may be crafted), so no annotated copy was made; ask the sender for a normal workbook. At",
}

func textsFor(lang string) *texts {
	if lang == "en" {
		return &en
	}
	return &zh
}

// severityName is a severity in the copy's language (the raw value when unknown).
func (t *texts) severityName(s result.Severity) string {
	if n, ok := t.severity[s]; ok {
		return n
	}
	return string(s)
}
