// Removes dist/ before a build so a deleted or renamed command never lingers in the manifest.
import {rmSync} from 'node:fs'
rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true})
