// Package schema holds the workbook data contract (sheets, fields, headers, aliases, types) as data,
// loaded from the embedded schema.yaml. The reader, the template writer and the rule engine all read
// it, so a header changes in one place.
package schema

import (
	_ "embed"
	"fmt"
	"sync"

	"gopkg.in/yaml.v3"
)

// Type is the type of a field's values.
type Type string

// The field types of workbooks.md, "Types and normalisation".
const (
	Text       Type = "text"
	Int        Type = "int"
	Number     Type = "number"
	Money      Type = "money"
	Date       Type = "date"
	YearMonth  Type = "year_month"
	Year       Type = "year"
	Mode       Type = "mode"
	Province   Type = "province"
	County     Type = "county"
	OrgType    Type = "org_type"
	CertLevel  Type = "cert_level"
	IDNumber   Type = "id_number"
	CreditCode Type = "credit_code"
	Bool       Type = "bool"
)

// Field is one column of a sheet.
type Field struct {
	Key      string   `yaml:"key"`
	Header   string   `yaml:"header"`
	Aliases  []string `yaml:"aliases"`
	Type     Type     `yaml:"type"`
	Required bool     `yaml:"required"`
	// OneOf names a group of fields of which at least one must be present and filled.
	OneOf string `yaml:"one_of"`
	// Default is used for an empty optional cell (结对数 defaults to 1).
	Default any    `yaml:"default"`
	Help    string `yaml:"help"`
	// PII marks values masked in reports ("phone"; id_number fields are masked by type).
	PII string `yaml:"pii"`
	// Org marks an organisation name (normalised for matching).
	Org bool `yaml:"org"`
}

// Sheet is one kind of sheet (a table).
type Sheet struct {
	Key      string   `yaml:"key"`
	Workbook string   `yaml:"workbook"` // "province" or "allocation"
	Side     string   `yaml:"side"`     // "dispatch", "recipient" or "" (both)
	Optional bool     `yaml:"optional"`
	Name     string   `yaml:"name"`
	Aliases  []string `yaml:"aliases"`
	Help     string   `yaml:"help"`
	Fields   []Field  `yaml:"fields"`

	index map[string]int
}

// Label is one label of the 基本信息 form (or a `label:value` line above a header).
type Label struct {
	Key     string   `yaml:"key"`
	Label   string   `yaml:"label"`
	Aliases []string `yaml:"aliases"`
	Type    Type     `yaml:"type"`
	Help    string   `yaml:"help"`
	PII     string   `yaml:"pii"`
}

// Info describes the 基本信息 form.
type Info struct {
	Sheet   string   `yaml:"sheet"`
	Aliases []string `yaml:"aliases"`
	Labels  []Label  `yaml:"labels"`
}

// Schema is the whole contract.
type Schema struct {
	Info   Info     `yaml:"info"`
	Sheets []*Sheet `yaml:"sheets"`
}

//go:embed schema.yaml
var schemaYAML []byte

var (
	defaultOnce   sync.Once
	defaultSchema *Schema
)

// Every run reads workbooks and compiles rules against the default schema: init starts parsing it
// in the background while the other packages initialise.
func init() { go Default() }

// Default returns the embedded schema. It panics only if the embedded file is broken, which
// TestDefault catches at build time.
func Default() *Schema {
	defaultOnce.Do(func() {
		s, err := Parse(schemaYAML)
		if err != nil {
			panic(err)
		}
		defaultSchema = s
	})
	return defaultSchema
}

// Parse reads a schema from YAML.
func Parse(data []byte) (*Schema, error) {
	var s Schema
	if err := yaml.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	for _, sh := range s.Sheets {
		sh.index = make(map[string]int, len(sh.Fields))
		for i, f := range sh.Fields {
			if _, dup := sh.index[f.Key]; dup {
				return nil, fmt.Errorf("schema: sheet %s: field %s twice", sh.Key, f.Key)
			}
			sh.index[f.Key] = i
		}
	}
	return &s, nil
}

// Sheet returns the sheet with the given key, or nil.
func (s *Schema) Sheet(key string) *Sheet {
	for _, sh := range s.Sheets {
		if sh.Key == key {
			return sh
		}
	}
	return nil
}

// SheetsOf returns the sheets of one kind of workbook ("province" or "allocation"), in schema order.
func (s *Schema) SheetsOf(workbook string) []*Sheet {
	var out []*Sheet
	for _, sh := range s.Sheets {
		if sh.Workbook == workbook {
			out = append(out, sh)
		}
	}
	return out
}

// FieldIndex returns the index of a field key in Fields, or -1.
func (sh *Sheet) FieldIndex(key string) int {
	if i, ok := sh.index[key]; ok {
		return i
	}
	return -1
}

// Field returns the field with the given key, or nil.
func (sh *Sheet) Field(key string) *Field {
	if i := sh.FieldIndex(key); i >= 0 {
		return &sh.Fields[i]
	}
	return nil
}
