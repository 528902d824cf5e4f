// `liangyan coach`: coaches whole dialogues (one JSON object, or JSONL with one per line) and
// prints a readable summary, the full JSON report, HTML pages for trainers, or aggregates.
#ifndef LIANGYAN_TOOLS_CLI_COACH_H_
#define LIANGYAN_TOOLS_CLI_COACH_H_

namespace liangyan::cli {

// The usage text of the coach command.
extern const char kCoachUsage[];

// Runs the command with the arguments that follow "coach"; returns the exit status.
int RunCoach(int argc, char** argv);

}  // namespace liangyan::cli

#endif  // LIANGYAN_TOOLS_CLI_COACH_H_
