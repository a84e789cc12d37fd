"""What Kibana 8.19 (the version of docker-compose.yml) requires of newsmon's saved objects.

No Kibana runs on the build machines, so the rules Kibana applies when it imports and renders
the objects are written down here, each from the Kibana source that applies it (elastic/kibana,
8.19 layout; paths below are relative to that repository):

- saved-object migrations: an object must not claim a ``typeMigrationVersion`` newer than
  the type's last migration (lens: '8.9.0' in
  ``x-pack/platform/plugins/shared/lens/server/migrations/saved_object_migrations.ts``);
  Lens state is ``datasourceStates.formBased`` since the '8.6.0' migration
  (``commonMigrateIndexPatternDatasource`` in ``.../lens/server/migrations/common_migrations.ts``);
- lens attributes: ``lensItemAttributesSchemaV0`` (title required, description,
  visualizationType, state) in ``.../lens/server/content_management/v0/schema/common.ts``;
  a layer's data view is the reference ``indexpattern-datasource-layer-<layer id>``;
- lens columns, as each operation reads them (``getPossibleOperationForField``,
  ``getErrorMessage``, ``toEsAggsFn``) in
  ``.../lens/public/datasources/form_based/operations/definitions/``: ``date_histogram.tsx``
  (a date field, ``params.interval``), ``terms/index.tsx`` (``params.size``,
  ``params.orderBy.type``, ``params.orderDirection``; no array-valued last value beside it),
  ``count.tsx`` (``___records___`` or an aggregatable field), ``metrics.tsx`` (min/max: a
  number, or a date), ``last_value.tsx`` (``params.sortField`` a date field),
  ``cardinality.tsx`` (unique_count);
- the XY chart: ``XYState`` / ``XYDataLayerConfig`` in
  ``.../lens/public/visualizations/xy/types.ts`` and what ``to_expression.ts`` reads (``legend.isVisible``, ``legend.position``, layers with
  accessors; no y accessor, no chart);
- the table: ``DatatableVisualizationState`` and its groups in
  ``.../lens/public/visualizations/datatable/visualization.tsx`` (a metric is required);
- dashboards: ``dashboardAttributesSchema`` (v1, unknown keys forbidden; v2 adds
  ``controlGroupInput``) in
  ``src/platform/plugins/shared/dashboard/server/dashboard_saved_object/schema/v1/v1.ts``; a
  panel's object is the reference named ``<panelIndex>:<panelRefName>``; the grid is 48 wide;
- legacy XY visualizations (``histogram``, ``line``, ``area``, ``horizontal_bar``):
  ``src/platform/plugins/private/vis_types/xy/public/to_ast.ts`` reads ``valueAxes[].scale``
  (``.mode``, ``.boundsMargin``) and ``categoryAxes[0].scale``, and the type's defaults are
  merged shallowly (lodash ``defaults`` in ``Vis.getParams``,
  ``src/platform/plugins/shared/visualizations/public/vis.ts``), so axes given without a
  scale get none -- what broke newsmon's first dashboard.

:func:`problems` returns one line per rule an object breaks; an empty list means Kibana's
rules as written here are met.
"""

from __future__ import annotations

import json
import re

GRID_COLUMNS = 48
LATEST_MIGRATION = {
    "index-pattern": "8.0.0",
    "search": "8.0.0",
    "visualization": "8.5.0",
    "lens": "8.9.0",
    "dashboard": "8.9.0",
}
RECORDS = "___records___"  # Lens's "document" field: count of records
INTERVAL = re.compile(r"^(auto|\d*(ms|s|m|h|d|w|M|q|y))$")
SERIES_TYPES = {
    "bar",
    "line",
    "area",
    "bar_stacked",
    "area_stacked",
    "bar_horizontal",
    "bar_percentage_stacked",
    "bar_horizontal_stacked",
    "area_percentage_stacked",
    "bar_horizontal_percentage_stacked",
}
LEGEND_POSITIONS = {"top", "bottom", "left", "right"}
VALUE_LABELS = {"hide", "show", "inside"}
LEGACY_XY = {"histogram", "line", "area", "horizontal_bar"}
# operation -> (bucketed, field types it takes); field types as Kibana's data view reports them
OPERATIONS = {
    "date_histogram": (True, {"date"}),
    "terms": (True, {"string", "number", "boolean", "ip", "date"}),
    "count": (False, {"document", "string", "boolean", "number", "ip", "date"}),
    "min": (False, {"number", "date"}),
    "max": (False, {"number", "date"}),
    "last_value": (False, {"string", "boolean", "number", "ip", "date"}),
    "unique_count": (False, {"string", "boolean", "number", "ip", "date"}),
}
DASHBOARD_ATTRIBUTES = {  # v1 (unknowns forbidden) + v2's controlGroupInput
    "title": str,
    "description": str,
    "kibanaSavedObjectMeta": dict,
    "timeRestore": bool,
    "timeFrom": str,
    "timeTo": str,
    "refreshInterval": dict,
    "controlGroupInput": dict,
    "panelsJSON": str,
    "optionsJSON": str,
    "hits": int,
    "version": int,
}
ES_TYPES = {
    "keyword": "string",
    "text": "string",
    "date": "date",
    "boolean": "boolean",
    "ip": "ip",
    "byte": "number",
    "short": "number",
    "integer": "number",
    "long": "number",
    "float": "number",
    "double": "number",
}


def data_view_fields(template: dict) -> dict[str, tuple[str, bool]]:
    """{field: (Kibana type, aggregatable)} of the index template, as a data view lists them."""
    fields: dict[str, tuple[str, bool]] = {RECORDS: ("document", True)}

    def walk(properties: dict, prefix: str = "") -> None:
        for name, spec in properties.items():
            path = prefix + name
            if spec.get("type") in ES_TYPES:
                fields[path] = (ES_TYPES[spec["type"]], spec["type"] != "text")
            for sub, subspec in spec.get("fields", {}).items():
                if subspec.get("type") in ES_TYPES:
                    fields[f"{path}.{sub}"] = (ES_TYPES[subspec["type"]], subspec["type"] != "text")
            walk(spec.get("properties", {}), path + ".")

    walk(template["template"]["mappings"]["properties"])
    return fields


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def problems(objects: list[dict], fields: dict[str, tuple[str, bool]]) -> list[str]:
    """Every rule of Kibana 8.19 (as written in this module) that *objects* break."""
    found: list[str] = []
    known = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        where = f"{obj['type']} {obj['id']}"
        latest = LATEST_MIGRATION.get(obj["type"])
        if latest is None:
            found.append(f"{where}: not a type newsmon's objects use")
            continue
        if _version(obj.get("typeMigrationVersion", "0.0.0")) > _version(latest):
            found.append(
                f"{where}: typeMigrationVersion {obj['typeMigrationVersion']} is newer "
                f"than the type's last migration {latest}"
            )
        for ref in obj.get("references", []):
            if (ref["type"], ref["id"]) not in known:
                found.append(
                    f"{where}: reference {ref['name']} to a missing {ref['type']} {ref['id']}"
                )
        check = {"lens": _lens, "dashboard": _dashboard, "visualization": _legacy}.get(obj["type"])
        if check:
            found += [f"{where}: {p}" for p in check(obj, fields)]
    return found


def _lens(obj: dict, fields: dict) -> list[str]:
    attrs, out = obj["attributes"], []
    if not isinstance(attrs.get("title"), str):
        out.append("attributes.title is required")
    state = attrs.get("state") or {}
    layers = (state.get("datasourceStates") or {}).get("formBased", {}).get("layers")
    if not layers:
        return [*out, "state.datasourceStates.formBased.layers is missing"]
    refs = {r["name"]: r for r in obj.get("references", [])}
    for layer_id, layer in layers.items():
        ref = refs.get(f"indexpattern-datasource-layer-{layer_id}")
        if not ref or ref["type"] != "index-pattern":
            out.append(
                f"layer {layer_id}: no data view reference indexpattern-datasource-layer-{layer_id}"
            )
        columns = layer.get("columns", {})
        if sorted(layer.get("columnOrder", [])) != sorted(columns):
            out.append(f"layer {layer_id}: columnOrder is not the layer's columns")
        for column_id, column in columns.items():
            out += [f"column {column_id}: {p}" for p in _column(column, columns, fields)]
    query = state.get("query")
    if not (
        isinstance(query, dict)
        and query.get("language") in ("kuery", "lucene")
        and isinstance(query.get("query"), str)
    ):
        out.append("state.query needs query and language (kuery or lucene)")
    if not isinstance(state.get("filters"), list):
        out.append("state.filters must be a list")
    visualization = state.get("visualization") or {}
    kind = attrs.get("visualizationType")
    if kind == "lnsXY":
        out += _xy(visualization, layers)
    elif kind == "lnsDatatable":
        out += _datatable(visualization, layers)
    else:
        out.append(f"visualizationType {kind!r}: not one newsmon's objects use")
    return out


def _column(column: dict, columns: dict, fields: dict) -> list[str]:
    operation = column.get("operationType")
    if operation not in OPERATIONS:
        return [f"operationType {operation!r}: not one newsmon's objects use"]
    bucketed, types = OPERATIONS[operation]
    out = []
    if column.get("isBucketed") is not bucketed:
        out.append(f"{operation} has isBucketed {str(bucketed).lower()}")
    if not isinstance(column.get("label"), str) or not column.get("dataType"):
        out.append("label and dataType are required")
    field = column.get("sourceField")
    kind, aggregatable = fields.get(field, (None, False))
    if kind is None:
        out.append(f"sourceField {field!r} is not a field of the data view")
    elif kind not in types or not (aggregatable or operation == "last_value"):
        out.append(
            f"{operation} cannot use {field} ({kind}{'' if aggregatable else ', not aggregatable'})"
        )
    params = column.get("params") or {}
    if operation == "date_histogram" and not INTERVAL.match(str(params.get("interval"))):
        out.append(f"params.interval {params.get('interval')!r} is not an interval")
    if operation == "terms":
        if not isinstance(params.get("size"), int) or params["size"] < 1:
            out.append("params.size must be a positive number")
        if params.get("orderDirection") not in ("asc", "desc"):
            out.append("params.orderDirection must be asc or desc")
        order = params.get("orderBy") or {}
        if order.get("type") not in ("alphabetical", "rare", "significant", "column", "custom"):
            out.append("params.orderBy.type is required (toEsAggsFn reads it)")
        elif order["type"] == "column" and (
            columns.get(order.get("columnId"), {}).get("isBucketed", True)
        ):
            out.append(
                f"params.orderBy.columnId {order.get('columnId')!r} is not a metric "
                f"column of the layer"
            )
        if any(
            c.get("operationType") == "last_value"
            and (c.get("params") or {}).get("showArrayValues")
            for c in columns.values()
        ):
            out.append("top values beside a last value showing array values")
    if operation == "last_value" and fields.get(params.get("sortField"), ("",))[0] != "date":
        out.append(f"params.sortField {params.get('sortField')!r} is not a date field")
    return out


def _xy(state: dict, layers: dict) -> list[str]:
    out = []
    legend = state.get("legend") or {}
    if not isinstance(legend.get("isVisible"), bool):
        out.append("legend.isVisible is required")
    if not legend.get("isInside") and legend.get("position") not in LEGEND_POSITIONS:
        out.append(f"legend.position must be one of {sorted(LEGEND_POSITIONS)}")
    if state.get("preferredSeriesType") not in SERIES_TYPES:
        out.append("preferredSeriesType is not a series type")
    if state.get("valueLabels", "hide") not in VALUE_LABELS:
        out.append("valueLabels must be hide, show or inside")
    data = [layer for layer in state.get("layers", []) if layer.get("layerType") == "data"]
    if not data:
        out.append("no data layer")
    for layer in data:
        columns = layers.get(layer.get("layerId"), {}).get("columns")
        if columns is None:
            out.append(f"layer {layer.get('layerId')}: not a layer of the datasource")
            continue
        if layer.get("seriesType") not in SERIES_TYPES:
            out.append(f"layer {layer['layerId']}: seriesType is not a series type")
        if not layer.get("accessors"):
            out.append(f"layer {layer['layerId']}: no accessors (y values): nothing to draw")
        for accessor in layer.get("accessors", []):
            if columns.get(accessor, {}).get("isBucketed", True):
                out.append(f"layer {layer['layerId']}: accessor {accessor} is not a metric column")
        for key in ("xAccessor", "splitAccessor"):
            if key in layer and not columns.get(layer[key], {}).get("isBucketed"):
                out.append(f"layer {layer['layerId']}: {key} {layer[key]} is not a bucket column")
    return out


def _datatable(state: dict, layers: dict) -> list[str]:
    columns = layers.get(state.get("layerId"), {}).get("columns")
    if columns is None:
        return [f"layerId {state.get('layerId')!r} is not a layer of the datasource"]
    out = [] if state.get("layerType") == "data" else ["layerType must be data"]
    shown = [c.get("columnId") for c in state.get("columns", [])]
    if sorted(shown) != sorted(columns):
        out.append("the table's columns are not the layer's columns")
    if all(c.get("isBucketed") for c in columns.values()):
        out.append("a table needs at least one metric")
    return out


def _dashboard(obj: dict, fields: dict) -> list[str]:
    attrs, out = obj["attributes"], []
    for key, value in attrs.items():
        expected = DASHBOARD_ATTRIBUTES.get(key)
        if expected is None:
            out.append(f"attributes.{key} is not a dashboard attribute (unknowns: forbid)")
        elif not isinstance(value, expected):
            out.append(f"attributes.{key} must be a {expected.__name__}")
    if not isinstance(attrs.get("title"), str):
        out.append("attributes.title is required")
    refs = {r["name"]: r for r in obj.get("references", [])}
    occupied: dict[str, set[tuple[int, int]]] = {}
    for panel in json.loads(attrs.get("panelsJSON", "[]")):
        index, grid = panel.get("panelIndex"), panel.get("gridData", {})
        ref = refs.get(f"{index}:{panel.get('panelRefName')}")
        if ref is None:
            out.append(f"panel {index}: no reference {index}:{panel.get('panelRefName')}")
        elif panel.get("type", ref["type"]) != ref["type"]:
            out.append(f"panel {index}: type {panel['type']} but the reference is {ref['type']}")
        if grid.get("i") != index:
            out.append(f"panel {index}: gridData.i must be the panelIndex")
        if (
            not all(isinstance(grid.get(k), int) for k in "xywh")
            or grid["x"] < 0
            or grid["x"] + grid["w"] > GRID_COLUMNS
        ):
            out.append(f"panel {index}: gridData must lie within the {GRID_COLUMNS}-column grid")
            continue
        cells = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        out += [
            f"panel {index}: overlaps panel {other}"
            for other, taken in occupied.items()
            if cells & taken
        ]
        occupied[index] = cells
    return out


def _legacy(obj: dict, fields: dict) -> list[str]:
    vis = json.loads(obj["attributes"].get("visState", "{}"))
    if vis.get("type") not in LEGACY_XY:
        return []
    params, out = vis.get("params", {}), []
    for axis in params.get("valueAxes", []):
        scale = axis.get("scale") or {}
        if not {"type", "mode"} <= set(scale):
            out.append(
                f"valueAxes {axis.get('id')}: scale.type and scale.mode are required "
                "(to_ast.ts reads data.scale.mode)"
            )
    if not (params.get("categoryAxes") or [{}])[0].get("scale"):
        out.append("categoryAxes[0].scale is required (to_ast.ts reads it for the x extent)")
    return out
