// Package rules is qianshou's rule engine: rules are data (rules.yaml), compiled once at load with
// expr-lang/expr, and run over views of a batch of typed workbooks.
//
// # Views
//
// Cross-file joining is data modelling, done once in Go (dataset.go) before any rule runs:
//
//   - pairings, workers, trainees, funds, stations, logs, allocation: one row per record of that
//     sheet in every file, with its typed fields plus file, table, file_province, report_date and
//     row_key; workers and trainees add days summed per person per org per year (person_days,
//     person_rows, person_first) and per org (org_days, org_rows, org_first) and the pair they
//     belong to; pairings add the implied mode, key-county facts and org identities.
//   - pairs: the pairing rows of the batch with the same pairing (year + 受援机构) reported by both
//     provinces counted once. Each pair has two anchors, recipient and dispatch (the rows of each
//     side); dispatch_* fields come from the dispatching side, the rest from the recipient side;
//     conflict and other_file say when the two sides disagree, missing_side when one province's
//     workbook in the batch lacks a pairing the other reports; task_status tells how it fulfils the
//     allocation table.
//   - tasks: allocation rows per work year, filled with pairs, county-named tasks first.
//   - county_years: the key counties in scope per work year.
//   - files: one row per province workbook, anchored at its 报送日期.
//
// The `derive:` section of rules.yaml adds fields computed by expressions (e.g. `qualified`).
//
// # Rule kinds
//
//   - row: a boolean `check` per row (with a `when` filter).
//   - aggregate: rows grouped by `key`, with `members` from another view joined by `match` (so a
//     group with no members is found), counted and summed; `check` sees count and sum.
//   - duplicate: a row whose `key` an earlier row had (optionally only when `differ` is new).
//   - problem: the reader's problems (missing-sheet decided here by the workbook's side).
//
// # Decisions the spec leaves open
//
//   - A workbook without 填报省份 whose rows all share both a dispatching and a recipient province
//     (a recipient province with a single partner) belongs to the one its 填报单位 or file name
//     names; otherwise, as rules.md says, to the dispatching one.
//   - Rules about a 援派机构 (at: dispatch) judge only pairs reported by a dispatching-side
//     workbook, rules about a 受援机构 or county (at: recipient) only those reported by a
//     recipient-side one: the other province's people and money are not in the batch.
//   - Service years are counted from 从事社会工作服务起始时间 when it is given, else taken from
//     直接从事社会工作服务年限; whole months count (1 year 10 months is 1.83 years).
//   - A rule's own params apply to its own expressions; derived fields use the global params.
//   - duplicate-row compares every typed value but 序号.
//
// # How rows are held and expressions run
//
// A view has a fixed field list (env.go, layout): a row reads its sheet's fields straight from the
// record, stores the fields Go and derive add in a slice, and computes the rest (file, row_key,
// the person/org figures…) when read. Expressions are compiled once; a patch turns every field
// name into a read by index, and the usual shapes (comparisons, &&, ||, in, ?:, helper calls) run
// as closures without the VM (fast.go), with expr's semantics. Row rules run in one pass over the
// rows; aggregate and duplicate keys are encoded into bytes.
//
// Every rule carries pass and fail examples; RunExamples runs them. The full description of the
// keys is the comment block at the top of rules.yaml.
package rules
