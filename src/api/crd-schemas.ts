// The OpenAPI schemas of kro.run/v1alpha1 ResourceGraphDefinition and internal.kro.run/v1alpha1 GraphRevision,
// built in code so the CRDs kro-ts installs, the offline structural checks of RGD files (rgd-validation.ts) and
// the GraphRevision snapshot all share one definition. Shapes, validations and messages match upstream kro's
// generated CRDs (helm/crds); the descriptions are written for kro-ts.

import type { JSONSchemaProps, ValidationRule } from './openapi.js';

type Props = Record<string, JSONSchemaProps>;

const immutable = (what: string): ValidationRule[] => [{ message: `${what} is immutable`, rule: 'self == oldSelf' }];

function str(description: string, extra: JSONSchemaProps = {}): JSONSchemaProps {
  return { description, type: 'string', ...extra };
}

function obj(description: string, properties: Props, extra: JSONSchemaProps = {}): JSONSchemaProps {
  return { description, properties, type: 'object', ...extra };
}

function list(description: string, items: JSONSchemaProps, extra: JSONSchemaProps = {}): JSONSchemaProps {
  return { description, items, type: 'array', ...extra };
}

function stringMap(description: string): JSONSchemaProps {
  return { additionalProperties: { type: 'string' }, description, type: 'object' };
}

function freeform(description: string): JSONSchemaProps {
  return { description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
}

const DNS_LABEL_ITEM: JSONSchemaProps = { maxLength: 63, pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', type: 'string' };

/** Rules of the RGD CRD that are CEL (x-kubernetes-validations); rgd-validation.ts evaluates them natively. */
export const RGD_RULES = {
  templateXorExternalRef: {
    message: 'exactly one of template or externalRef must be provided',
    rule: '(has(self.template) && !has(self.externalRef)) || (!has(self.template) && has(self.externalRef))',
  },
  nameXorSelector: {
    message: 'exactly one of name or selector must be provided',
    rule: '(has(self.name) && !has(self.selector)) || (!has(self.name) && has(self.selector))',
  },
} as const satisfies Record<string, ValidationRule>;

export const KUBE_API_VERSION_DESCRIPTION =
  'The versioned schema of this object (group/version). The API server converts recognized schemas to its ' +
  'current internal value and may reject unrecognized ones.';
export const KUBE_KIND_DESCRIPTION =
  'The REST resource kind this object represents, in CamelCase. Servers may infer it from the endpoint a ' +
  'request is sent to. Cannot be updated.';

function labelSelectorSchema(description: string): JSONSchemaProps {
  return obj(
    description,
    {
      matchExpressions: list(
        'Label selector requirements; all of them must match (they are ANDed).',
        obj(
          'One requirement: a label key, an operator, and the values the operator compares against.',
          {
            key: str('The label key the requirement applies to.'),
            operator: str('How the key relates to the values: In, NotIn, Exists or DoesNotExist.'),
            values: list(
              'Values to compare with. Must be non-empty for In and NotIn, and empty for Exists and ' +
                'DoesNotExist. Replaced as a whole by a strategic merge patch.',
              { type: 'string' },
              { 'x-kubernetes-list-type': 'atomic' },
            ),
          },
          { required: ['key', 'operator'] },
        ),
        { 'x-kubernetes-list-type': 'atomic' },
      ),
      matchLabels: stringMap(
        'Exact label matches. Each {key: value} entry is the same as a matchExpressions requirement with ' +
          'operator In and the single value; all entries are ANDed.',
      ),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  );
}

function externalRefSchema(): JSONSchemaProps {
  return obj(
    'Reads an existing object of the cluster instead of creating one, so other resources can use its values. ' +
      'Exactly one of template or externalRef must be set.',
    {
      apiVersion: str('API version of the referenced object, e.g. "v1" or "apps/v1".'),
      kind: str('Kind of the referenced object, e.g. "ConfigMap" or "Deployment".'),
      metadata: obj(
        'Which object (by name) or objects (by label selector) to read, and in which namespace.',
        {
          name: str('Name of the referenced object. Mutually exclusive with selector.', { minLength: 1 }),
          namespace: str(
            'Namespace of the referenced object(s). A reference by name defaults to the instance namespace; ' +
              'a reference by selector with no namespace lists across all namespaces.',
          ),
          selector: labelSelectorSchema(
            'Selects every matching object as a collection. Mutually exclusive with name.',
          ),
        },
        { 'x-kubernetes-validations': [{ ...RGD_RULES.nameXorSelector }] },
      ),
    },
    { required: ['apiVersion', 'kind', 'metadata'] },
  );
}

function resourceSchema(): JSONSchemaProps {
  return obj(
    'One node of the graph: an object kro creates from a template for every instance, or an existing object it ' +
      'reads through externalRef. Nodes depend on each other through the ${...} expressions that reference them.',
    {
      externalRef: externalRefSchema(),
      forEach: list(
        'Turns this resource into a collection: every entry binds an iterator name to a ${...} expression that ' +
          'returns a list, and one object is created per element (per combination, with several entries). ' +
          'Example: [{"region": "${schema.spec.regions}"}]',
        {
          additionalProperties: { type: 'string' },
          description: 'One dimension of a forEach: a single iterator name mapped to its list expression.',
          maxProperties: 1,
          minProperties: 1,
          type: 'object',
        },
      ),
      id: str(
        'Unique lowerCamelCase identifier of this resource in the graph; expressions of other resources use it ' +
          'to reference this one (e.g. ${deployment.status.readyReplicas}).',
      ),
      includeWhen: list(
        'Conditions for creating this resource; all must be true, and they are re-evaluated on every reconcile ' +
          '(a resource can appear or be pruned later). Each entry is one standalone ${...} expression over ' +
          'schema fields and other resources. Without it the resource is always included.',
        { type: 'string' },
      ),
      readyWhen: list(
        'Conditions for this resource to count as ready; all must be true. Each entry is one standalone ${...} ' +
          'expression; collections use `each` for the current item. Without it the resource is ready once it exists.',
        { type: 'string' },
      ),
      template: freeform(
        'The Kubernetes manifest to create, with ${...} expressions that reference the instance (schema) and ' +
          'other resources. Exactly one of template or externalRef must be set.',
      ),
    },
    { required: ['id'], 'x-kubernetes-validations': [{ ...RGD_RULES.templateXorExternalRef }] },
  );
}

function printerColumnSchema(): JSONSchemaProps {
  return obj(
    'A column shown by `kubectl get` for instances.',
    {
      description: str('Human readable description of the column.'),
      format: str("Optional OpenAPI format of the column's values, e.g. 'name' for the primary identifier."),
      jsonPath: str('JSON path, evaluated against each instance, that produces the value of the column.'),
      name: str('Human readable name of the column.'),
      priority: {
        description: 'Importance of the column; columns with a priority above 0 are shown only with -o wide.',
        format: 'int32',
        type: 'integer',
      },
      type: str('OpenAPI type of the column: string, integer, number, boolean or date.'),
    },
    { required: ['jsonPath', 'name', 'type'] },
  );
}

function instanceSchemaSchema(): JSONSchemaProps {
  return obj(
    'The API of the instances: group, version and kind of the generated CRD, their spec in SimpleSchema, custom ' +
      'types, and the status projected from the resources.',
    {
      additionalPrinterColumns: list(
        'Printer columns of the generated CRD. When set they replace the default State, Ready and Age columns ' +
          'entirely; list those explicitly to keep them.',
        printerColumnSchema(),
      ),
      apiVersion: str(
        'Version of the generated CRD, following Kubernetes conventions (v1, v1alpha1, v2beta1, ...). Immutable.',
        { pattern: '^v[0-9]+(alpha[0-9]+|beta[0-9]+)?$', 'x-kubernetes-validations': immutable('apiVersion') },
      ),
      categories: list(
        'Categories the generated resource belongs to, so `kubectl get <category>` lists its instances.',
        DNS_LABEL_ITEM,
        { maxItems: 32, 'x-kubernetes-list-type': 'set' },
      ),
      group: str('API group of the generated CRD. Defaults to kro.run. Immutable.', {
        default: 'kro.run',
        'x-kubernetes-validations': immutable('group'),
      }),
      kind: str(
        'Kind of the generated CRD: UpperCamelCase, starting with a capital letter, at most 63 characters. Immutable.',
        { pattern: '^[A-Z][a-zA-Z0-9]{0,62}$', 'x-kubernetes-validations': immutable('kind') },
      ),
      metadata: obj('Labels and annotations to put on the generated CRD.', {
        annotations: stringMap('Annotations of the generated CRD.'),
        labels: stringMap('Labels of the generated CRD.'),
      }),
      scope: str('Whether instances are Namespaced (the default) or Cluster scoped. Immutable.', {
        default: 'Namespaced',
        enum: ['Namespaced', 'Cluster'],
        'x-kubernetes-validations': immutable('scope'),
      }),
      shortNames: list('Short aliases of the generated resource for kubectl, e.g. ["wa"].', DNS_LABEL_ITEM, {
        maxItems: 32,
        'x-kubernetes-list-type': 'set',
      }),
      spec: freeform(
        'The spec of the instances in SimpleSchema: field name -> "type | marker=value ...", nested maps for ' +
          'objects. Example: {"replicas": "integer | default=1 minimum=1"}',
      ),
      status: freeform(
        'Status fields of the instances, each a ${...} expression over the resources (and schema); their types ' +
          'are inferred. An optional conditions list adds custom conditions.',
      ),
      types: freeform(
        'Reusable custom types for spec: name -> SimpleSchema struct map or alias field string. Example: ' +
          '{"Server": {"host": "string", "port": "integer"}}',
      ),
    },
    { required: ['apiVersion', 'kind', 'scope'] },
  );
}

/** The spec of a ResourceGraphDefinition (also the `snapshot.spec` of a GraphRevision). */
export function rgdSpecSchema(description: string): JSONSchemaProps {
  return obj(
    description,
    {
      resources: list(
        'The resources created (or read) for every instance, ordered by their dependencies.',
        resourceSchema(),
      ),
      schema: instanceSchemaSchema(),
    },
    { required: ['schema'] },
  );
}

export function conditionSchema(): JSONSchemaProps {
  return obj(
    'One observation of the state of the object.',
    {
      lastTransitionTime: str('When the condition last changed status.', { format: 'date-time' }),
      message: str('Human readable details about the last transition.'),
      observedGeneration: {
        description: 'The metadata.generation the condition was computed for; older than the current generation ' +
          'means the condition is out of date.',
        format: 'int64',
        minimum: 0,
        type: 'integer',
      },
      reason: str('Machine readable reason of the last transition, in CamelCase.'),
      status: str('Status of the condition: True, False or Unknown.'),
      type: str('Type of the condition.'),
    },
    { required: ['status', 'type'] },
  );
}

export function resourceInformationSchema(): JSONSchemaProps {
  return obj('A resource of the graph and the resources it depends on.', {
    dependencies: list(
      'Resources this one references in its expressions; they are created before it.',
      obj('A dependency on another resource of the graph.', { id: str('Id of the resource depended on.') }),
    ),
    id: str('Id of the resource, as in spec.resources.'),
  });
}

export function rgdStatusSchema(): JSONSchemaProps {
  return obj('Observed state of the ResourceGraphDefinition.', {
    conditions: list(
      'Latest observations: Ready, GraphRevisionsResolved, GraphAccepted, KindReady and ControllerReady.',
      conditionSchema(),
    ),
    lastIssuedRevision: {
      description: 'Highest GraphRevision number issued for this RGD; keeps revision numbers monotonic.',
      format: 'int64',
      type: 'integer',
    },
    resources: list('Resources of the graph that have dependencies, with those dependencies.', resourceInformationSchema()),
    state: str('Active while the generated CRD and its controller serve the graph, Inactive otherwise.'),
    topologicalOrder: list('Resource ids in creation order.', { type: 'string' }),
  });
}
