package template

import (
	"fmt"

	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// infoSheet writes the 基本信息 form: a label in column A, its value in column B (the reader's
// layout), a note in column C. 填报省份 is prefilled with the chosen province.
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
	noteStyle, err := w.style("note", &excelize.Style{
		Font:      &excelize.Font{Color: "595959", Italic: true},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	for i, l := range info.Labels {
		row := i + 1
		label, value, note := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row)
		if err := w.f.SetCellStr(name, label, l.Label); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(name, label, label, labelStyle); err != nil {
			return err
		}
		if err := w.infoValue(name, value, l); err != nil {
			return fmt.Errorf("%s %s: %w", name, value, err)
		}
		// The help, and the expected form where the type has one (a date).
		text := l.Help
		if l.Type == schema.Date {
			text += "（" + typeDocs[l.Type].what + "）"
		}
		if err := w.f.SetCellStr(name, note, text); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(name, note, note, noteStyle); err != nil {
			return err
		}
		if err := w.f.SetRowHeight(name, row, 24); err != nil {
			return err
		}
	}
	for i, width := range []float64{14, 32, 72} {
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
