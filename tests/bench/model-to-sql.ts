import type { Factor, Model } from '../../shared/model-schema.ts'

/**
 * The model as one DuckDB query over a CSV read as text, following DESIGN.md's reading rules for
 * the forms CRM exports hold: numbers are trimmed text that casts to a finite double; instants
 * are epoch-ms digits or an ISO-8601 text (no offset = UTC); booleans and categories match
 * exactly; missing is NULL or blank. Every transform kind is covered. The query writes the input
 * columns, then total and tier, to `outputPath` — the same job as `scoring score --format csv`.
 */
export function modelToSql(
  model: Model,
  { inputPath, outputPath, asOf }: { inputPath: string; outputPath: string; asOf: number },
): string {
  const read = model.factors.map((f, i) => `${readSql(f)} AS ${ident(`__x${i}`)}`)
  const values = model.factors.map(
    (f, i) => `${valueSql(f, ident(`__x${i}`), asOf)} AS ${ident(`__v${i}`)}`,
  )
  const total = model.factors.map((f, i) => `${f.weight} * ${ident(`__v${i}`)}`).join(' + ')
  const tiers = [...model.tiers].sort((a, b) => b.min - a.min)
  const tier = `CASE ${tiers.map((t) => `WHEN ${t.min} <= total + 1e-9 THEN ${text(t.name)}`).join(' ')} END`
  return `COPY (
  WITH src AS (SELECT * FROM read_csv(${text(inputPath)}, header = true, all_varchar = true)),
  parsed AS (SELECT src.*, ${read.join(',\n    ')} FROM src),
  valued AS (SELECT parsed.*, ${values.join(',\n    ')} FROM parsed),
  scored AS (SELECT valued.*, ${total} AS total FROM valued)
  SELECT COLUMNS(c -> c NOT LIKE '\\_\\_%' ESCAPE '\\'), ${tier} AS tier FROM scored
) TO ${text(outputPath)} (HEADER, DELIMITER ',')`
}

/** The field as its transform reads it: a finite double (numbers), epoch ms (instants), or the text. */
function readSql(factor: Factor): string {
  const x = ident(factor.field)
  const trimmed = `trim(${x})`
  switch (factor.transform.kind) {
    case 'linear':
    case 'log':
    case 'buckets':
      return finite(`TRY_CAST(${trimmed} AS DOUBLE)`)
    case 'recency':
      return finite(
        `CASE WHEN regexp_full_match(${trimmed}, '[+-]?[0-9]+(\\.[0-9]+)?') THEN TRY_CAST(${trimmed} AS DOUBLE) ELSE epoch_ms(TRY_CAST(${trimmed} AS TIMESTAMPTZ)) END`,
      )
    case 'category':
      return `CASE WHEN ${trimmed} = '' THEN NULL ELSE ${x} END`
    case 'boolean':
      return x
  }
}

function finite(e: string): string {
  return `CASE WHEN isfinite(${e}) THEN ${e} END`
}

/** v from the read value `n` (NULL = missing). */
function valueSql(factor: Factor, n: string, asOf: number): string {
  const missing = String(factor.missing)
  const t = factor.transform
  const clamp = (e: string): string => `greatest(0, least(1, ${e}))`
  const orMissing = (e: string): string => `CASE WHEN ${n} IS NULL THEN ${missing} ELSE ${e} END`
  switch (t.kind) {
    case 'linear': {
      const v = clamp(`(${n} - ${t.min}) / ${t.max - t.min}`)
      return orMissing(t.invert === true ? `1 - ${v}` : v)
    }
    case 'log':
      return orMissing(
        `CASE WHEN ${n} <= 0 THEN 0 ELSE ${clamp(`(ln(${n}) - ln(${t.min})) / (ln(${t.max}) - ln(${t.min}))`)} END`,
      )
    case 'buckets': {
      const cases = t.edges.map((e, k) => `WHEN ${n} >= ${e} THEN ${t.scores[k + 1]}`).reverse()
      return orMissing(`CASE ${cases.join(' ')} ELSE ${t.scores[0]} END`)
    }
    case 'category': {
      const cases = Object.entries(t.map).map(([key, v]) => `WHEN ${text(key)} THEN ${v}`)
      return orMissing(`CASE ${n} ${cases.join(' ')} ELSE ${t.default} END`)
    }
    case 'boolean':
      return `CASE WHEN ${n} IN ('true', 'yes', '1') THEN ${t.whenTrue} WHEN ${n} IN ('false', 'no', '0') THEN ${t.whenFalse} ELSE ${missing} END`
    case 'recency':
      return orMissing(`pow(0.5, greatest(0, (${asOf} - ${n}) / 86400000) / ${t.halfLifeDays})`)
  }
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function text(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
