import {KhaosCommand} from '../../base-command.js'
import {DAO_RECORD_SCHEMA} from '../../records/schema.js'

export default class DaoSchema extends KhaosCommand<typeof DaoSchema> {
  static override description = `Print the JSON Schema (draft 2020-12) of a DAO record.

For editors and other tools: e.g. save it as dao-record.schema.json and point yaml-language-server at it with a first line "# yaml-language-server: $schema=dao-record.schema.json" in a record. khaos dao validate applies the same schema, plus the checks a schema cannot express (real dates, links between records).`

  static override examples = ['<%= config.bin %> dao schema > dao-record.schema.json']

  async run(): Promise<typeof DAO_RECORD_SCHEMA> {
    // Printed the same with or without --json: the schema is JSON either way.
    if (!this.jsonEnabled()) this.log(JSON.stringify(DAO_RECORD_SCHEMA, null, 2))
    return DAO_RECORD_SCHEMA
  }
}
