/** The CLI's help texts. */

export const MAIN_HELP = `rebal — Kafka consumer-group rebalancing: type-check, simulate, assign.

Usage:
  rebal check [--json] FILE|FOLDER...
  rebal simulate FILE [--scenario NAME] [--json OUT] [--summary]
  rebal assign < cases.jsonl
  rebal COMMAND --help

Commands:
  check      type-check .rebal files (and the files they import) as the editor does
  simulate   run a file's scenarios and check their expectations
  assign     run Kafka's assignors on JSON-lines cases from standard input

Exit codes: 0 fine, 1 problems found (an error, a failed expectation, a bad case),
2 the command line itself is wrong or the command is not available.
`;

export const CHECK_HELP = `Usage: rebal check [--json] [--no-simulate] FILE|FOLDER...

Type-checks each .rebal file (a folder means every .rebal file under it) together with the
files it imports, and prints every diagnostic as

  file:line:col severity code message

(line and column 1-based, the file as given), then a summary line. A file that cannot be
read is reported as an error and the other files are still checked.

The scenarios are simulated, as in the editor, so that failed expectations are reported
(expect-failed).

Options:
  --no-simulate  skip the simulation (no expect-failed diagnostics)
  --json     print one JSON document instead: {"version": 1, "files": [{"file", "diagnostics":
             [{"file", "line", "column", "range", "severity", "code", "message"}]}], "summary"}
  --help     show this help

Exit code: 1 if any file has an error, 0 otherwise (warnings, infos and hints do not fail).
`;

export const SIMULATE_HELP = `Usage: rebal simulate FILE [--scenario NAME] [--json OUT] [--summary] [--seed N] [--html OUT]

Runs the scenarios of FILE (or only NAME) with Kafka's rules, prints each scenario's seed,
summary and expectations' results, and exits 1 if an expectation fails or a member hits a
fatal Kafka error the scenario does not expect.

  --scenario NAME  run only this scenario
  --summary        print the summaries, not the expectations
  --seed N         override the scenarios' seed
  --json OUT       write the traces and results as JSON to OUT (- for standard output)
  --html OUT       write a self-contained replay (HTML) to OUT
`;

export const ASSIGN_HELP = `Usage: rebal assign < cases.jsonl

Reads assignment cases as JSON lines on standard input and writes one JSON line per case on
standard output, in the same order: {"id", "assignment": {member: [[topic, partition], …]}}
or {"id", "error"} for a malformed case (the run goes on; exit 1 at the end).
`;
