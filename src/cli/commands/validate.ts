// `kro validate rgd`: builds every ResourceGraphDefinition of the input the way the controller would (schema,
// kinds, every expression type-checked, dependency graph, status) without a cluster unless --cluster is given, and
// reports every problem at once with file:line:col. Prints upstream's success line when all are valid.
import type { Command } from 'commander';
import { formatYamlPath, type Diagnostic } from '../../api/index.js';
import { errorCount } from '../build.js';
import { buildFromFlags } from '../compiled.js';
import { CliError, EXIT_INVALID } from '../errors.js';
import { addColorOption, addInputOptions, helpFooter, outputOption, type InputFlags } from '../options.js';
import { createReporter, plural } from '../report.js';

/** Upstream kro's success line (cmd/kro validate rgd), kept word for word for scripts that look for it. */
export const VALIDATION_SUCCESS_LINE = 'Validation successful! The ResourceGraphDefinition is valid.';

interface ValidateFlags extends InputFlags {
  readonly output: 'text' | 'json';
}

function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { ...d, ...(d.path.length > 0 ? { yamlPath: formatYamlPath(d.path) } : {}) };
}

async function validateRgds(flags: ValidateFlags): Promise<void> {
  const reporter = createReporter(flags.color);
  const built = await buildFromFlags(flags);
  const errors = errorCount(built.diagnostics);
  const noRgd = built.rgds.length === 0 && errors === 0;
  if (flags.output === 'json') {
    const report = {
      valid: errors === 0 && !noRgd,
      resourceGraphDefinitions: built.rgds.map((r) => ({
        name: r.input.rgd.metadata?.name ?? '',
        file: r.input.file,
        valid: r.result.ok,
      })),
      diagnostics: built.diagnostics.map(diagnosticJson),
      notes: built.notes,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.valid) throw new CliError('', EXIT_INVALID);
    return;
  }
  reporter.notes(built.notes);
  reporter.diagnostics(built.diagnostics, built.sources);
  if (noRgd) throw new CliError(`no ResourceGraphDefinition found in ${built.files.map((f) => f.name).join(', ')}`, EXIT_INVALID);
  if (errors > 0) {
    const failed = built.rgds.filter((r) => !r.result.ok).length;
    const scope = built.rgds.length > 1 ? ` (${failed} of ${plural(built.rgds.length, 'ResourceGraphDefinition')} invalid)` : '';
    throw new CliError(`validation failed: ${plural(errors, 'error')}${scope}`, EXIT_INVALID);
  }
  if (built.rgds.length > 1) {
    for (const r of built.rgds) process.stdout.write(`valid: ${r.input.rgd.metadata?.name ?? '(unnamed)'} (${r.input.file})\n`);
  }
  process.stdout.write(`${VALIDATION_SUCCESS_LINE}\n`);
}

export function registerValidateCommand(program: Command): void {
  const validate = program
    .command('validate')
    .description('check ResourceGraphDefinitions without applying them')
    .addHelpText('after', helpFooter(['kro validate rgd -f my-rgd.yaml', 'kro validate rgd -f rgds/ --crds crds/']));
  const rgd = validate
    .command('rgd')
    .summary('validate ResourceGraphDefinitions (offline by default)')
    .description(
      'Validate ResourceGraphDefinitions: schema, kinds, every ${...} expression type-checked, dependency graph, status. ' +
        "Offline by default (bundled Kubernetes schemas, --crds for CRDs); RGDs given together may use each other's kinds. " +
        'CRDs among the input documents are used as schemas; other documents are ignored with a note.',
    );
  addInputOptions(rgd, 'ResourceGraphDefinition files');
  rgd.addOption(outputOption(['text', 'json'], 'text'));
  addColorOption(rgd);
  rgd
    .addHelpText(
      'after',
      helpFooter([
        'kro validate rgd -f webapp.yaml',
        'kro validate rgd -f rgds/ -f extra.yaml          # folders are searched for *.yaml/*.yml',
        'kro validate rgd -f rgd.yaml --crds ./crds       # kinds from CRD files (e.g. ACK, Config Connector)',
        'kro validate rgd -f rgd.yaml --lenient           # unknown kinds become dyn, with a warning',
        'kro validate rgd -f rgd.yaml --cluster --context kind-dev   # schemas from a live cluster',
        'cat rgd.yaml | kro validate rgd -f -',
        'kro validate rgd -f rgd.yaml -o json             # diagnostics as JSON for tools',
      ]),
    )
    .action((flags: ValidateFlags) => validateRgds(flags));
}
