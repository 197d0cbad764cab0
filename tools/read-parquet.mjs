// Reads a Parquet file with hyparquet (an independent reader, no tie to Parquet.Net) and prints
// {"schema": [...], "rows": [...]} as JSON: each column's name, physical and logical type and
// repetition, then every row as an object. Int64 values become numbers, timestamps ISO strings.
//
//   node tools/read-parquet.mjs FILE.parquet
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, toJson } from 'hyparquet'

const path = process.argv[2]
if (!path) {
  console.error('usage: node read-parquet.mjs FILE.parquet')
  process.exit(2)
}
const file = await asyncBufferFromFile(path)
const metadata = await parquetMetadataAsync(file)
const schema = metadata.schema.slice(1).map(s => ({
  name: s.name,
  type: s.type,
  logical_type: s.logical_type?.type ?? null,
  repetition: s.repetition_type,
}))
const rows = await parquetReadObjects({ file, metadata })
process.stdout.write(JSON.stringify({ schema, rows: toJson(rows) }))
