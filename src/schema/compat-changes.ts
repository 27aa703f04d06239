// The vocabulary of the CRD compatibility diff: change types with upstream kro's names (pkg/graph/crd/compat,
// plus the facet types of its StrictCRDCompatibilityChecks gate), one change record, and the human descriptions
// used in the "breaking changes detected" message.

export const ChangeTypes = {
  propertyRemoved: 'PROPERTY_REMOVED',
  typeChanged: 'TYPE_CHANGED',
  requiredAdded: 'REQUIRED_ADDED',
  enumRestricted: 'ENUM_RESTRICTED',
  patternChanged: 'PATTERN_CHANGED',
  patternAdded: 'PATTERN_ADDED',
  requiredDefaultRemoved: 'REQUIRED_DEFAULT_REMOVED',
  minimumAdded: 'MINIMUM_ADDED',
  minimumIncreased: 'MINIMUM_INCREASED',
  maximumAdded: 'MAXIMUM_ADDED',
  maximumDecreased: 'MAXIMUM_DECREASED',
  minLengthAdded: 'MIN_LENGTH_ADDED',
  minLengthIncreased: 'MIN_LENGTH_INCREASED',
  maxLengthAdded: 'MAX_LENGTH_ADDED',
  maxLengthDecreased: 'MAX_LENGTH_DECREASED',
  minItemsAdded: 'MIN_ITEMS_ADDED',
  minItemsIncreased: 'MIN_ITEMS_INCREASED',
  maxItemsAdded: 'MAX_ITEMS_ADDED',
  maxItemsDecreased: 'MAX_ITEMS_DECREASED',
  propertyAdded: 'PROPERTY_ADDED',
  descriptionChanged: 'DESCRIPTION_CHANGED',
  defaultChanged: 'DEFAULT_CHANGED',
  requiredRemoved: 'REQUIRED_REMOVED',
  enumExpanded: 'ENUM_EXPANDED',
  patternRemoved: 'PATTERN_REMOVED',
  additionalPrinterColumnsChanged: 'ADDITIONAL_PRINTER_COLUMNS_CHANGED',
  minimumRemoved: 'MINIMUM_REMOVED',
  minimumDecreased: 'MINIMUM_DECREASED',
  maximumRemoved: 'MAXIMUM_REMOVED',
  maximumIncreased: 'MAXIMUM_INCREASED',
  minLengthRemoved: 'MIN_LENGTH_REMOVED',
  minLengthDecreased: 'MIN_LENGTH_DECREASED',
  maxLengthRemoved: 'MAX_LENGTH_REMOVED',
  maxLengthIncreased: 'MAX_LENGTH_INCREASED',
  minItemsRemoved: 'MIN_ITEMS_REMOVED',
  minItemsDecreased: 'MIN_ITEMS_DECREASED',
  maxItemsRemoved: 'MAX_ITEMS_REMOVED',
  maxItemsIncreased: 'MAX_ITEMS_INCREASED',
  // Facets upstream only compares behind its StrictCRDCompatibilityChecks gate.
  enumConstraintAdded: 'ENUM_CONSTRAINT_ADDED',
  enumConstraintRemoved: 'ENUM_CONSTRAINT_REMOVED',
  additionalPropertiesChanged: 'ADDITIONAL_PROPERTIES_CHANGED',
  formatChanged: 'FORMAT_CHANGED',
  formatRemoved: 'FORMAT_REMOVED',
  nullableAdded: 'NULLABLE_ADDED',
  nullableRemoved: 'NULLABLE_REMOVED',
  preserveUnknownFieldsAdded: 'PRESERVE_UNKNOWN_FIELDS_ADDED',
  preserveUnknownFieldsRemoved: 'PRESERVE_UNKNOWN_FIELDS_REMOVED',
  topologyChanged: 'TOPOLOGY_CHANGED',
  validationRulesChanged: 'VALIDATION_RULES_CHANGED',
  unclassifiedSchemaChange: 'UNCLASSIFIED_SCHEMA_CHANGE',
  // kro-ts: CRD metadata kro sets (labels, annotations) differ from the desired ones.
  metadataChanged: 'METADATA_CHANGED',
} as const;

export type ChangeType = (typeof ChangeTypes)[keyof typeof ChangeTypes];

export interface SchemaChange {
  /** Upstream's path form: `.properties.spec.properties.replicas.minimum`, or `version.served`. */
  readonly path: string;
  readonly type: ChangeType;
  readonly oldValue: string;
  readonly newValue: string;
}

function lastPathComponent(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] ?? path;
}

const CONSTRAINT_NAMES: Record<string, string> = {
  MINIMUM: 'Minimum',
  MAXIMUM: 'Maximum',
  MIN_LENGTH: 'MinLength',
  MAX_LENGTH: 'MaxLength',
  MIN_ITEMS: 'MinItems',
  MAX_ITEMS: 'MaxItems',
};

/** The one-line description of a change, worded as upstream's Change.Description(). */
export function describeChange(change: SchemaChange): string {
  const { oldValue: o, newValue: n } = change;
  switch (change.type) {
    case 'PROPERTY_REMOVED':
      return `Property ${lastPathComponent(change.path)} was removed`;
    case 'PROPERTY_ADDED':
      return n === 'required' || n === 'required=true'
        ? `Required property ${lastPathComponent(change.path)} was added`
        : `Optional property ${lastPathComponent(change.path)} was added`;
    case 'TYPE_CHANGED':
      return `Type changed from ${o} to ${n}`;
    case 'REQUIRED_ADDED':
      return `Field ${n} is newly required`;
    case 'REQUIRED_REMOVED':
      return `Field ${o} is no longer required`;
    case 'ENUM_RESTRICTED':
      return `Enum value ${o} was removed`;
    case 'ENUM_EXPANDED':
      return `Enum value ${n} was added`;
    case 'PATTERN_CHANGED':
      return `Validation pattern changed from ${o} to ${n}`;
    case 'PATTERN_ADDED':
      return `Validation pattern ${n} was added`;
    case 'PATTERN_REMOVED':
      return `Validation pattern ${o} was removed`;
    case 'REQUIRED_DEFAULT_REMOVED':
      return `Default value removed from required field ${o}`;
    case 'DESCRIPTION_CHANGED':
      return `Description field was changed from ${o} to ${n}`;
    case 'DEFAULT_CHANGED':
      return `Default value was changed from ${o} to ${n}`;
    case 'ADDITIONAL_PRINTER_COLUMNS_CHANGED':
      return 'Additional printer columns were changed';
    case 'ENUM_CONSTRAINT_ADDED':
      return `Enum constraint ${n} was added`;
    case 'ENUM_CONSTRAINT_REMOVED':
      return `Enum constraint ${o} was removed`;
    case 'ADDITIONAL_PROPERTIES_CHANGED':
      return `Map value schema changed from ${o} to ${n}`;
    case 'FORMAT_CHANGED':
      return `Format changed from ${o || '(none)'} to ${n}`;
    case 'FORMAT_REMOVED':
      return `Format ${o} was removed`;
    case 'NULLABLE_ADDED':
      return 'Field became nullable';
    case 'NULLABLE_REMOVED':
      return 'Field is no longer nullable';
    case 'PRESERVE_UNKNOWN_FIELDS_ADDED':
      return 'Unknown fields are now preserved';
    case 'PRESERVE_UNKNOWN_FIELDS_REMOVED':
      return 'Unknown fields are no longer preserved';
    case 'TOPOLOGY_CHANGED':
      return `${lastPathComponent(change.path)} changed from ${o} to ${n}`;
    case 'VALIDATION_RULES_CHANGED':
      return `Validation rules changed from ${o} to ${n}`;
    case 'UNCLASSIFIED_SCHEMA_CHANGE':
      return `${lastPathComponent(change.path)} changed from ${o} to ${n}`;
    case 'METADATA_CHANGED':
      return `CRD ${lastPathComponent(change.path)} changed`;
    default:
      return describeConstraint(change);
  }
}

function describeConstraint(change: SchemaChange): string {
  const match = /^(MINIMUM|MAXIMUM|MIN_LENGTH|MAX_LENGTH|MIN_ITEMS|MAX_ITEMS)_(ADDED|REMOVED|INCREASED|DECREASED)$/.exec(change.type);
  if (!match) return `Unknown change to ${change.path}`;
  const name = CONSTRAINT_NAMES[match[1]!]!;
  switch (match[2]) {
    case 'ADDED':
      return `${name} constraint ${change.newValue} was added`;
    case 'REMOVED':
      return `${name} constraint ${change.oldValue} was removed`;
    case 'INCREASED':
      return `${name} was increased from ${change.oldValue} to ${change.newValue}`;
    default:
      return `${name} was decreased from ${change.oldValue} to ${change.newValue}`;
  }
}

const MAX_BREAKING_IN_SUMMARY = 3;

/** Upstream's Report.String(): the first three breaking changes, then "and N more changes". */
export function summarizeBreakingChanges(breaking: readonly SchemaChange[]): string {
  if (breaking.length === 0) return 'no breaking changes';
  const parts = breaking.slice(0, MAX_BREAKING_IN_SUMMARY).map(describeChange);
  if (breaking.length > MAX_BREAKING_IN_SUMMARY) parts.push(`and ${breaking.length - MAX_BREAKING_IN_SUMMARY} more changes`);
  return parts.join('; ');
}
