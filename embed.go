// Package qianshou holds the files embedded into the binary from the repository root.
package qianshou

import _ "embed"

// DefaultRules is the default rule set, rules.yaml.
//
//go:embed rules.yaml
var DefaultRules []byte

// Version is the tool's version, reported in every report.
const Version = "0.1.0"
