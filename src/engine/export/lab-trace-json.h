/* lab-trace-json.h: the trace as JSON, for `run --json` and the JSON export. */
#pragma once

#include <json-glib/json-glib.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* {"scenario": {...}, "outcome": {...}, "events": [...]}; no "scenario" when it is NULL
 * (an imported capture, a real server or client). */
JsonNode *lab_trace_to_json (LabTrace *trace, const LabScenario *scenario);
JsonNode *lab_scenario_to_json (const LabScenario *scenario);
JsonNode *lab_outcome_to_json (const LabOutcome *outcome);

G_END_DECLS
