// The script of `kro demo` (the README's first command): on the dev environment (environment.ts) it walks through
// examples/webapp from RGD to self-healing, narrating what kro-ts does and why, and showing the cluster with the
// machine's kubectl. There is no kube-controller-manager, so the demo plays the Deployment controller by patching
// the Deployment's status; everything else is kro-ts's real controller at work. Each step waits on what the user
// should see (through the API), so a broken controller fails the demo instead of narrating something untrue.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../api/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';
import { CliError, describeError } from '../errors.js';
import type { Style } from '../output/color.js';
import { applyObject, waitRgdSettled } from './apply.js';
import type { DevEnvironment } from './environment.js';
import { runKubectl } from './kubectl.js';
import { describeManifest, loadManifests } from './manifests.js';
import type { Interrupts } from './interrupts.js';
import type { LiveView } from './live-view.js';
import { describeEnvironment, FIRST_BUILD_NOTE, shutdown, startLiveView, startWithProgress, untilInterrupted, type DevOutput } from './session.js';

/** examples/webapp of the kro-ts checkout (this file runs from dist/src/cli/dev/). */
export const WEBAPP_EXAMPLE_DIR = fileURLToPath(new URL('../../../../examples/webapp/', import.meta.url));

const GVR = {
  webapp: { group: 'kro.run', version: 'v1alpha1', resource: 'webapps' },
  deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  configmap: { group: '', version: 'v1', resource: 'configmaps' },
  ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
} as const;

/** The resources the demo's kubectl calls name, for the fallback without kubectl. */
const RESOURCES: Readonly<Record<string, { kind: string; gvr: { group: string; version: string; resource: string } }>> = {
  rgd: { kind: 'ResourceGraphDefinition', gvr: { group: 'kro.run', version: 'v1alpha1', resource: 'resourcegraphdefinitions' } },
  webapp: { kind: 'WebApp', gvr: GVR.webapp },
  configmap: { kind: 'ConfigMap', gvr: GVR.configmap },
  deployment: { kind: 'Deployment', gvr: GVR.deployment },
  service: { kind: 'Service', gvr: { group: '', version: 'v1', resource: 'services' } },
  ingress: { kind: 'Ingress', gvr: GVR.ingress },
};

export const DEMO_STEPS = 6;

export interface DemoContext {
  readonly env: DevEnvironment;
  readonly out: DevOutput;
  readonly signal: AbortSignal;
  /** Where examples/webapp is (rgd.yaml, instance.yaml). @default WEBAPP_EXAMPLE_DIR */
  readonly exampleDir?: string;
}

interface InstanceStatus {
  state?: string;
  availableReplicas?: number;
  url?: string;
  externalUrl?: string;
  conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
}

function statusOf(obj: KubeObject | undefined): InstanceStatus {
  return (obj?.status ?? {});
}

function readyOf(obj: KubeObject | undefined) {
  return statusOf(obj).conditions?.find((c) => c.type === 'Ready');
}

class DemoFailure extends Error {}

/** Aligned columns, indented like kubectl's output in the demo. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((row) => `    ${row.map((cell, i) => cell.padEnd(widths[i]! + 3)).join('').trimEnd()}`);
}

export class Demo {
  private step = 0;
  private readonly kube: KubeClient;
  private readonly out: DevOutput;
  private readonly style: Style;
  private readonly exampleDir: string;
  private readonly namespace = 'default';
  private name = 'hello';

  constructor(private readonly ctx: DemoContext) {
    this.kube = ctx.env.kube;
    this.out = ctx.out;
    this.style = ctx.out.style;
    this.exampleDir = ctx.exampleDir ?? WEBAPP_EXAMPLE_DIR;
  }

  // ---- output ------------------------------------------------------------------------------------------------

  heading(title: string): void {
    this.step++;
    this.out.line('');
    this.out.line(this.style.bold(this.style.cyan(`[${this.step}/${DEMO_STEPS}] ${title}`)));
  }

  say(...lines: string[]): void {
    for (const line of lines) this.out.line(`  ${line}`);
  }

  ok(line: string): void {
    this.out.line(`  ${this.style.green('✓')} ${line}`);
  }

  private async kubectl(args: readonly string[]): Promise<void> {
    const result = await runKubectl(this.ctx.env.plane.kubeconfigPath, args);
    const shown = `  ${this.style.dim('$')} kubectl ${args.join(' ')}`;
    if (!result) {
      // One write, so no live-view line lands between the command and its output.
      const lines = await this.throughApi(args);
      this.out.line([`${shown}   ${this.style.dim('(kubectl is not installed: the same, read through the API)')}`, ...lines].join('\n'));
      return;
    }
    const text = `${result.stdout}${result.stderr}`.replace(/\s+$/, '');
    this.out.line([shown, ...text.split('\n').map((l) => `    ${l}`)].join('\n'));
    if (result.code !== 0) throw new DemoFailure(`kubectl ${args.join(' ')} failed with exit code ${result.code}`);
  }

  /** The demo's kubectl calls, for machines without kubectl: `get` makes a table, `delete` deletes. */
  private async throughApi(args: readonly string[]): Promise<string[]> {
    const [verb, resources = '', name] = args;
    const selectorAt = args.indexOf('-l');
    const selector = selectorAt >= 0 ? args[selectorAt + 1] : undefined;
    const targets = resources.split(',').map((r) => RESOURCES[r]).filter((t) => t !== undefined);
    if (verb === 'delete') {
      for (const t of targets) await this.kube.dynamic.delete({ gvr: t.gvr, namespace: this.namespace }, name ?? '');
      return [`    ${resources}/${name ?? ''} deleted`];
    }
    const rows: string[][] = [['KIND', 'NAME', 'STATE', 'READY']];
    for (const t of targets) {
      const namespace = t.gvr.resource === 'resourcegraphdefinitions' ? undefined : this.namespace;
      const items = name && !name.startsWith('-')
        ? [await this.kube.dynamic.get({ gvr: t.gvr, namespace }, name)]
        : (await this.kube.dynamic.list({ gvr: t.gvr, namespace }, selector ? { labelSelector: selector } : {})).items;
      for (const item of items) rows.push([t.kind, item.metadata.name ?? '', statusOf(item).state ?? '', readyOf(item)?.status ?? '']);
    }
    return table(rows);
  }

  // ---- cluster helpers -----------------------------------------------------------------------------------------

  private async get(gvr: { group: string; version: string; resource: string }, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.kube.dynamic.get({ gvr, namespace: this.namespace }, name, { signal: this.ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Polls until `check` returns a value; fails the demo with `what` after `timeoutMs`. */
  private async waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      if (this.ctx.signal.aborted) throw new DemoFailure('interrupted');
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) {
        throw new DemoFailure(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${describeError(last)})` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private waitInstance(what: string, check: (obj: KubeObject) => boolean, timeoutMs?: number): Promise<KubeObject> {
    return this.waitFor(`instance ${this.namespace}/${this.name}: ${what}`, async () => {
      const obj = await this.get(GVR.webapp, this.name);
      return obj && check(obj) ? obj : undefined;
    }, timeoutMs);
  }

  private async patchInstanceSpec(spec: Record<string, unknown>): Promise<void> {
    await this.kube.dynamic.patch({ gvr: GVR.webapp, namespace: this.namespace }, this.name, { spec }, { type: 'merge' });
  }

  /** What a Deployment controller would write once `available` of the Deployment's replicas run. */
  private async playDeploymentController(available: number): Promise<void> {
    const deployment = await this.get(GVR.deployment, this.name);
    if (!deployment) throw new DemoFailure(`Deployment ${this.name} does not exist`);
    const spec = deployment.spec as { replicas?: number };
    const replicas = spec.replicas ?? 1;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const allAvailable = available >= replicas;
    const status = {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: available,
      availableReplicas: available,
      ...(allAvailable ? {} : { unavailableReplicas: replicas - available }),
      conditions: [
        {
          type: 'Available',
          status: allAvailable ? 'True' : 'False',
          reason: allAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: allAvailable ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: allAvailable ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
          message: allAvailable ? `ReplicaSet "${this.name}" has successfully progressed.` : `ReplicaSet "${this.name}" is progressing.`,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    };
    await this.kube.dynamic.patch({ gvr: GVR.deployment, namespace: this.namespace }, this.name, { status }, { type: 'merge', subresource: 'status' });
  }

  private async loadExample(file: string): Promise<KubeObject[]> {
    const path = `${this.exampleDir}${file}`;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read the demo's example ${path}: ${describeError(err)}`);
    }
    const loaded = loadManifests([{ name: path, text }]);
    if (loaded.diagnostics.length > 0) throw new CliError(`the demo's example ${path} is invalid: ${loaded.diagnostics[0]!.message}`);
    return loaded.manifests.map((m) => m.object);
  }

  // ---- the script ------------------------------------------------------------------------------------------------

  /** Steps 2 to 6 (runDemo started the control plane and the controller: step 1). */
  async run(): Promise<void> {
    this.step = 1;
    try {
      await this.createRgd();
      await this.createInstance();
      await this.becomeReady();
      await this.toggleIngress();
      await this.selfHeal();
    } catch (err) {
      if (err instanceof DemoFailure) throw new CliError(`the demo failed: ${err.message}`);
      throw err;
    }
  }

  private async createRgd(): Promise<void> {
    this.heading('Create the ResourceGraphDefinition (examples/webapp/rgd.yaml)');
    this.say(
      'A platform team describes a new API, WebApp, in one ResourceGraphDefinition (RGD): a schema for its spec, the',
      'resources behind it (a ConfigMap, a Deployment, a Service, and an Ingress only when spec.ingress.enabled is',
      'true) and a status read from those resources. Applying it (same as: kubectl apply --server-side -f rgd.yaml):',
    );
    const [rgd] = await this.loadExample('rgd.yaml');
    if (!rgd) throw new DemoFailure('examples/webapp/rgd.yaml holds no object');
    await applyObject(this.kube, rgd, 15_000, this.ctx.signal);
    this.say(
      'kro-ts now type-checks every ${...} expression against the real OpenAPI schemas of the cluster, orders the',
      'resources by the references between them (config -> deployment -> service -> ingress), generates a',
      'CustomResourceDefinition for WebApp and starts serving the new kind.',
    );
    const outcome = await waitRgdSettled(this.kube, rgd.metadata.name ?? '', 60_000, this.ctx.signal);
    if (outcome.state !== 'Active') throw new DemoFailure(`the RGD did not become Active (${outcome.state}${outcome.message ? `: ${outcome.message}` : ''})`);
    this.ok(`ResourceGraphDefinition ${rgd.metadata.name ?? ''} is Active: the cluster now has a WebApp kind`);
    await this.kubectl(['get', 'rgd']);
  }

  private async createInstance(): Promise<void> {
    this.heading('Create a WebApp (examples/webapp/instance.yaml)');
    const [instance] = await this.loadExample('instance.yaml');
    if (!instance) throw new DemoFailure('examples/webapp/instance.yaml holds no object');
    this.name = instance.metadata.name ?? this.name;
    this.say(
      'An application team asks for a web app with a few lines of YAML; every field it leaves out takes the',
      `schema's default. Applying ${describeManifest(instance)} (same as: kubectl apply -f instance.yaml):`,
    );
    await applyObject(this.kube, instance, 15_000, this.ctx.signal);
    this.say(
      'kro-ts creates the resources in dependency order with server-side apply: the ConfigMap first, then the',
      "Deployment that reads it. The Service selects the Deployment's Pods, so it waits until the Deployment is",
      'ready (its readyWhen: all replicas available).',
    );
    const waiting = await this.waitInstance('IN_PROGRESS with a Ready=False message', (obj) => statusOf(obj).state === 'IN_PROGRESS' && readyOf(obj)?.status === 'False' && (readyOf(obj)?.message ?? '') !== '');
    await this.waitFor('the Deployment', () => this.get(GVR.deployment, this.name));
    this.ok(`instance ${this.namespace}/${this.name} is IN_PROGRESS; kro-ts says why it is not ready:`);
    this.say(this.style.yellow(`  ${readyOf(waiting)?.reason ?? ''}: ${readyOf(waiting)?.message ?? ''}`));
    this.say(
      'The Deployment exists, but this control plane has no kube-controller-manager: no Pods start and nobody',
      "writes the Deployment's status, so its readyWhen cannot be evaluated yet (data pending).",
    );
    await this.kubectl(['get', 'webapp', this.name]);
    await this.kubectl(['get', 'configmap,deployment,service,ingress', '-l', `kro.run/instance-name=${this.name}`]);
  }

  private async becomeReady(): Promise<void> {
    this.heading('Play the Deployment controller: report available replicas');
    this.say(
      "In a real cluster the Deployment controller writes the Deployment's status as Pods become available. The",
      'demo writes that status itself, in two steps. First: 1 of 2 replicas available.',
    );
    await this.playDeploymentController(1);
    await this.waitInstance('status.availableReplicas = 1 while IN_PROGRESS', (obj) => statusOf(obj).availableReplicas === 1 && statusOf(obj).state === 'IN_PROGRESS');
    this.ok('status projected: status.availableReplicas = 1, while the instance stays IN_PROGRESS (readyWhen wants 2 of 2)');
    this.say('Now all 2 replicas are available:');
    await this.playDeploymentController(2);
    const active = await this.waitInstance('ACTIVE and Ready=True', (obj) => statusOf(obj).state === 'ACTIVE' && readyOf(obj)?.status === 'True' && statusOf(obj).availableReplicas === 2);
    const status = statusOf(active);
    this.ok(`instance ${this.namespace}/${this.name} is ACTIVE: the Deployment is ready, so kro-ts created the Service`);
    this.ok(`status projected: status.availableReplicas = ${status.availableReplicas ?? '?'}, status.url = ${status.url ?? '?'}`);
    await this.kubectl(['get', 'webapp', this.name]);
    await this.kubectl(['get', 'configmap,deployment,service,ingress', '-l', `kro.run/instance-name=${this.name}`]);
  }

  private async toggleIngress(): Promise<void> {
    this.heading('Update the instance: turn the Ingress on, then off');
    this.say(
      'The Ingress is behind includeWhen: ${schema.spec.ingress.enabled}. Turning it on',
      `(same as: kubectl patch webapp ${this.name} --type=merge -p '{"spec":{"ingress":{"enabled":true}}}'):`,
    );
    await this.patchInstanceSpec({ ingress: { enabled: true } });
    await this.waitFor('the Ingress', () => this.get(GVR.ingress, this.name));
    const withIngress = await this.waitInstance('status.externalUrl', (obj) => typeof statusOf(obj).externalUrl === 'string' && statusOf(obj).state === 'ACTIVE');
    this.ok(`Ingress ${this.name} created; status.externalUrl = ${statusOf(withIngress).externalUrl ?? '?'}`);
    await this.kubectl(['get', 'ingress', this.name]);
    this.say('And off again: kro-ts prunes the Ingress it no longer wants (its applyset keeps track of what it created).');
    await this.patchInstanceSpec({ ingress: { enabled: false } });
    await this.waitFor('the Ingress to be pruned', async () => ((await this.get(GVR.ingress, this.name)) ? undefined : true));
    await this.waitInstance('status.externalUrl to disappear', (obj) => statusOf(obj).externalUrl === undefined && statusOf(obj).state === 'ACTIVE');
    this.ok(`Ingress ${this.name} pruned; status.externalUrl is gone and the instance is still ACTIVE`);
  }

  private async selfHeal(): Promise<void> {
    this.heading('Self-healing: delete the ConfigMap behind kro-ts\'s back');
    const configName = `${this.name}-config`;
    const before = await this.get(GVR.configmap, configName);
    if (!before) throw new DemoFailure(`ConfigMap ${configName} does not exist`);
    this.say(`kro-ts watches every resource it manages. Deleting ConfigMap ${configName}:`);
    await this.kubectl(['delete', 'configmap', configName]);
    const after = await this.waitFor(`ConfigMap ${configName} to come back`, async () => {
      const cm = await this.get(GVR.configmap, configName);
      return cm && cm.metadata.uid !== before.metadata.uid ? cm : undefined;
    });
    const sameData = JSON.stringify(after.data) === JSON.stringify(before.data);
    if (!sameData) throw new DemoFailure(`ConfigMap ${configName} came back with other data: ${JSON.stringify(after.data)}`);
    this.ok(`ConfigMap ${configName} was re-created by kro-ts (new uid ${after.metadata.uid ?? '?'}), with the same data`);
    await this.kubectl(['get', 'configmap', configName]);
  }
}

// ---- the whole demo ----------------------------------------------------------------------------------------------

export interface RunDemoOptions {
  readonly out: DevOutput;
  readonly interrupts: Interrupts;
  /** Keep running with the live view after the script, until Ctrl-C. */
  readonly stay: boolean;
  readonly keepData: boolean;
  readonly exampleDir?: string;
}

const INTRO = [
  'This demo starts a real Kubernetes API server on this machine, runs kro-ts against it and walks one',
  'ResourceGraphDefinition (examples/webapp) from creation to self-healing. Once the control plane binaries',
  'are cached it takes well under a minute, and it removes everything it started when it ends.',
];

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

async function tail(path: string, lines: number): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}

/** Runs the demo; resolves when it is over and everything is cleaned up. Throws CliError when a step fails. */
export async function runDemo(options: RunDemoOptions): Promise<void> {
  const { out, interrupts } = options;
  const style = out.style;
  const started = Date.now();
  out.line(style.bold('kro-ts demo'));
  for (const line of INTRO) out.line(line);
  out.line('');
  out.line(style.bold(style.cyan(`[1/${DEMO_STEPS}] Start a local Kubernetes control plane and the kro-ts controller`)));
  out.line('  etcd and kube-apiserver run on 127.0.0.1 with a fresh data folder; kro-ts\'s controller runs inside this');
  out.line('  process, exactly the code `kro controller` runs in a cluster (its log goes to a file, not here).');
  const env = await startWithProgress(out, interrupts, { keepData: options.keepData, controller: true, firstBuildNote: FIRST_BUILD_NOTE });
  if (!env) process.exit(130);
  const ready = Date.now();
  let view: LiveView | undefined;
  let failed = false;
  let interruptedDuringScript = false;
  try {
    for (const line of describeEnvironment(env, style, options.keepData)) out.line(line ? `  ${line}` : '');
    const explore = options.stay ? 'Run the export line in another terminal to look around with kubectl.' : '(`kro demo --stay` keeps it up afterwards, to look around with kubectl.)';
    out.line(`  ${style.green('✓')} up in ${seconds(ready - started)}. ${explore}`);
    out.line('');
    out.line(style.dim('  Lines starting with a time are the live view (as `kro dev` shows it): each change of an RGD\'s or an'));
    out.line(style.dim('  instance\'s state or Ready condition, as any API client sees it.'));
    view = startLiveView(env, { ...out, line: (text) => out.line(/^\d\d:\d\d:\d\d /.test(text) ? style.dim(`  ${text}`) : text) });
    const demo = new Demo({ env, out, signal: interrupts.signal, ...(options.exampleDir ? { exampleDir: options.exampleDir } : {}) });
    await demo.run();
    out.line('');
    out.line(style.bold(style.green(`Done: the demo's steps took ${seconds(Date.now() - ready)} (${seconds(Date.now() - started)} in all).`)));
    if (options.stay) {
      out.line('');
      out.line('Staying up (--stay): the controller and the control plane keep running. In another terminal:');
      out.line(`  export KUBECONFIG=${env.plane.kubeconfigPath}`);
      out.line('  kubectl get webapps,rgd        kubectl patch webapp hello --type=merge -p \'{"spec":{"replicas":3}}\'');
      out.line('Ctrl-C stops everything and cleans up.');
      const outcome = await untilInterrupted(env, interrupts);
      if (outcome === 'died') throw new CliError('the control plane stopped unexpectedly');
    }
  } catch (err) {
    if (interrupts.interrupted) interruptedDuringScript = true;
    else {
      failed = true;
      out.error(describeError(err));
      const lines = await tail(env.logPath, 15);
      if (lines.length > 0) {
        out.line(style.dim(`last lines of the controller log (${env.logPath}):`));
        for (const line of lines) out.line(style.dim(`  ${line}`));
      }
    }
  } finally {
    out.line('');
    out.line('Cleaning up: stopping the controller and the control plane...');
    await shutdown(env, out, options.keepData, view);
  }
  // The error was printed above, before the clean-up lines.
  if (failed) throw new CliError('');
  if (interruptedDuringScript) {
    process.exitCode = 130;
    return;
  }
  if (!options.stay) {
    out.line('');
    out.line('Next:');
    out.line('  kro dev -f examples/webapp/rgd.yaml -f examples/webapp/instance.yaml   # the same setup, yours to play with');
    out.line('  kro render -f examples/webapp/rgd.yaml --instance examples/webapp/instance.yaml   # offline dry run');
    out.line('  docs/dev.md, docs/cli.md');
  }
}
