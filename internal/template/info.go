package template

import (
	"fmt"
	"strings"

	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// infoSheet writes the 基本信息 form: a label in column A, its value in column B (the reader's
// layout), help in a comment on the label. 填报省份 is prefilled with the chosen province.
func (w *writer) infoSheet() error {
	info := schema.Default().Info
	name := info.Sheet
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	labelStyle, err := w.headerStyle(true)
	if err != nil {
		return err
	}
	for i, l := range info.Labels {
		row := i + 1
		label, value := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		if err := w.f.SetCellStr(name, label, l.Label); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(name, label, label, labelStyle); err != nil {
			return err
		}
		if err := w.infoValue(name, value, l); err != nil {
			return fmt.Errorf("%s %s: %w", name, value, err)
		}
		// The help goes into a comment: the reader takes the first filled cell right of a label as
		// its value, so a note in column C would be read as the value of an empty B.
		if text := labelHelp(l); text != "" {
			if err := w.f.AddComment(name, excelize.Comment{
				Author: "qianshou", Cell: label, Width: 300, Height: 80,
				Paragraph: []excelize.RichTextRun{{Text: text}},
			}); err != nil {
				return err
			}
		}
		if err := w.f.SetRowHeight(name, row, 24); err != nil {
			return err
		}
	}
	for i, width := range []float64{14, 36} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	return nil
}

// infoValue formats and validates the value cell of one label, prefilling the province.
func (w *writer) infoValue(sheet, cell string, l schema.Label) error {
	format := typeDocs[l.Type].numFmt
	style := &excelize.Style{
		Border:    borders(),
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"},
	}
	if format != "" {
		style.CustomNumFmt = &format
	}
	st, err := w.style("info-value "+format, style)
	if err != nil {
		return err
	}
	if err := w.f.SetCellStyle(sheet, cell, cell, st); err != nil {
		return err
	}
	if l.Type == schema.Province && w.opts.Province != "" {
		if err := w.f.SetCellStr(sheet, cell, w.opts.Province); err != nil {
			return err
		}
	}
	dv, err := w.validation(schema.Field{Header: l.Label, Type: l.Type}, cell)
	if err != nil || dv == nil {
		return err
	}
	return w.f.AddDataValidation(sheet, dv)
}

// labelHelp is a label's help and, for a date, the form to write it in.
func labelHelp(l schema.Label) string {
	text := l.Help
	if l.Type == schema.Date {
		text += "\n" + typeDocs[l.Type].what
	}
	return strings.TrimSpace(text)
}
