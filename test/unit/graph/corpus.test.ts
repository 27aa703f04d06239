// Every ResourceGraphDefinition of upstream kro's examples (../shared/corpus/kro-examples, read at runtime), built
// offline with the bundled Kubernetes v1.36.3 kinds, the ACK CRDs of ../shared/corpus/crds/ack and the kinds of the
// other RGDs in the same example folder (<category>/<example>). Each RGD is in exactly one table below: it builds;
// it needs kinds nobody provides (the exact list, and it then builds in lenient mode); or it is invalid the way
// upstream finds it invalid too (the error codes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileGraphs, type CompiledRgd } from '../../../src/graph/index.js';
import { loadCorpus } from './corpus-files.js';
import { offlineSchemas } from './helpers.js';

const BUILDS = [
  'apigateway/vpc-lattice/rg-webapp.yaml',
  'aws/ack-controller/crds/ec2-crd-group.yaml',
  'aws/ack-controller/crds/ecr-crd-group.yaml',
  'aws/ack-controller/crds/ecr-public-crd-group.yaml',
  'aws/ack-controller/crds/eks-crd-group.yaml',
  'aws/ack-controller/crds/iam-crd-group.yaml',
  'aws/ack-controller/crds/s3-crd-group.yaml',
  'aws/ack-controller/crds/sqs-crd-group.yaml',
  'aws/ack-eks-cluster/eks-cluster.yaml',
  'aws/aws-accounts-factory/01-network-stack.yaml',
  'aws/aws-accounts-factory/02-eks-cluster-stack.yaml',
  'aws/ingress-triangle/application.yaml',
  'aws/networkstack/network-stack.yaml',
  'kubernetes/additionalPrinterColumns/rg.yaml',
  'kubernetes/cel-functions/rg.yaml',
  'kubernetes/defaults/rg.yaml',
  'kubernetes/job-example/rgd.yaml',
  'kubernetes/dogsvscats/result-app/rg.yaml',
  'kubernetes/dogsvscats/vote-app/rg.yaml',
  'kubernetes/dogsvscats/worker-app/rg.yaml',
  'kubernetes/saas-multi-tenant/tenant-application-rgd.yaml',
  'kubernetes/saas-multi-tenant/tenant-environment-rgd.yaml',
  'kubernetes/saas-multi-tenant/tenant-rgd.yaml',
  'kubernetes/webapp/rg.yaml',
];

const MISSING_KINDS: Record<string, string[]> = {
  'apigateway/vpc-lattice/rg-lattice.yaml': ['application-networking.k8s.aws/v1alpha1, Kind=TargetGroupPolicy', 'gateway.networking.k8s.io/v1beta1, Kind=HTTPRoute'],
  'aws/ack-eks-cluster/eks-reused.yaml': ['eks.services.k8s.aws/v1alpha1, Kind=EKSCluster'],
  'aws/alb-listener-tg/alb-tg-listener.yaml': ['elbv2.services.k8s.aws/v1alpha1, Kind=LoadBalancer', 'elbv2.services.k8s.aws/v1alpha1, Kind=TargetGroup', 'elbv2.services.k8s.aws/v1alpha1, Kind=Listener'],
  'aws/aws-accounts-factory/03-full-account-infrastructure.yaml': ['organizations.services.k8s.aws/v1alpha1, Kind=Account', 'services.k8s.aws/v1alpha1, Kind=IAMRoleSelector'],
  'aws/cachecluster/cachecluster.yaml': ['kro.run/v1alpha1, Kind=NetworkingStack', 'elasticache.services.k8s.aws/v1alpha1, Kind=CacheSubnetGroup', 'elasticache.services.k8s.aws/v1alpha1, Kind=CacheCluster'],
  'aws/cachecluster/simple-cachecluster.yaml': ['elasticache.services.k8s.aws/v1alpha1, Kind=CacheSubnetGroup'],
  'aws/data-processor/eda-eks-data-processor.yaml': [
    'eks.services.k8s.aws/v1alpha1, Kind=PodIdentityAssociation', 's3.services.k8s.aws/v1alpha1, Kind=Bucket', 'dynamodb.services.k8s.aws/v1alpha1, Kind=Table',
    'emrcontainers.services.k8s.aws/v1alpha1, Kind=VirtualCluster', 'sns.services.k8s.aws/v1alpha1, Kind=Topic', 'sns.services.k8s.aws/v1alpha1, Kind=Subscription',
    'eventbridge.services.k8s.aws/v1alpha1, Kind=EventBus', 'eventbridge.services.k8s.aws/v1alpha1, Kind=Rule', 'sfn.services.k8s.aws/v1alpha1, Kind=StateMachine',
  ],
  'aws/dogsvscats-appstack/dogsvscats-rg.yaml': ['kro.run/v1alpha1, Kind=RDSPostgres', 'kro.run/v1alpha1, Kind=ElastiCacheServerless', 'kro.run/v1alpha1, Kind=VoteApp', 'kro.run/v1alpha1, Kind=ResultApp', 'kro.run/v1alpha1, Kind=WorkerApp'],
  'aws/elasticache-serverless/rg.yaml': ['elasticache.services.k8s.aws/v1alpha1, Kind=ServerlessCache'],
  'aws/ingress-triangle/ingress-triangle.yaml': ['acm.services.k8s.aws/v1alpha1, Kind=Certificate', 'route53.services.k8s.aws/v1alpha1, Kind=RecordSet'],
  'aws/podidenity/rg.yaml': ['eks.services.k8s.aws/v1alpha1, Kind=PodIdentityAssociation'],
  'aws/rds-postgres/rg.yaml': ['rds.services.k8s.aws/v1alpha1, Kind=DBSubnetGroup', 'rds.services.k8s.aws/v1alpha1, Kind=DBInstance'],
  'aws/s3bucket/rg.yaml': ['s3.services.k8s.aws/v1alpha1, Kind=Bucket'],
  'aws/serverless-microservice/microservice.yaml': [
    'dynamodb.services.k8s.aws/v1alpha1, Kind=Table', 'lambda.services.k8s.aws/v1alpha1, Kind=Function', 'apigatewayv2.services.k8s.aws/v1alpha1, Kind=API',
    'apigatewayv2.services.k8s.aws/v1alpha1, Kind=Integration', 'apigatewayv2.services.k8s.aws/v1alpha1, Kind=Route', 'apigatewayv2.services.k8s.aws/v1alpha1, Kind=Stage',
    'apigatewayv2.services.k8s.aws/v1alpha1, Kind=Authorizer',
  ],
  'aws/webstack/rg.yaml': ['kro.run/v1alpha1, Kind=WebApp', 'kro.run/v1alpha1, Kind=S3Bucket', 'kro.run/v1alpha1, Kind=PodIdentity'],
  'azure/storage-container/rg.yaml': [
    'resources.azure.com/v1api20200601, Kind=ResourceGroup', 'storage.azure.com/v1api20230101, Kind=StorageAccount',
    'storage.azure.com/v1api20230101, Kind=StorageAccountsBlobService', 'storage.azure.com/v1api20230101, Kind=StorageAccountsBlobServicesContainer',
  ],
  'azure/todo-app/rg.yaml': [
    'resources.azure.com/v1api20200601, Kind=ResourceGroup', 'documentdb.azure.com/v1api20210515, Kind=DatabaseAccount',
    'documentdb.azure.com/v1api20210515, Kind=SqlDatabase', 'documentdb.azure.com/v1api20210515, Kind=SqlDatabaseContainer',
  ],
  'gcp/cloud-sql/rgd.yaml': [
    'serviceusage.cnrm.cloud.google.com/v1beta1, Kind=Service', 'serviceusage.cnrm.cloud.google.com/v1beta1, Kind=ServiceIdentity', 'kms.cnrm.cloud.google.com/v1beta1, Kind=KMSKeyRing',
    'kms.cnrm.cloud.google.com/v1beta1, Kind=KMSCryptoKey', 'iam.cnrm.cloud.google.com/v1beta1, Kind=IAMPolicyMember', 'sql.cnrm.cloud.google.com/v1beta1, Kind=SQLInstance',
  ],
  'gcp/eventarc/rgd.yaml': [
    'serviceusage.cnrm.cloud.google.com/v1beta1, Kind=Service', 'iam.cnrm.cloud.google.com/v1beta1, Kind=IAMServiceAccount', 'iam.cnrm.cloud.google.com/v1beta1, Kind=IAMPolicyMember',
    'pubsub.cnrm.cloud.google.com/v1beta1, Kind=PubSubTopic', 'storage.cnrm.cloud.google.com/v1beta1, Kind=StorageBucket', 'eventarc.cnrm.cloud.google.com/v1beta1, Kind=EventarcTrigger',
    'storage.cnrm.cloud.google.com/v1beta1, Kind=StorageNotification',
  ],
  'gcp/gke-cluster/rgd.yaml': [
    'compute.cnrm.cloud.google.com/v1beta1, Kind=ComputeNetwork', 'compute.cnrm.cloud.google.com/v1beta1, Kind=ComputeSubnetwork', 'pubsub.cnrm.cloud.google.com/v1beta1, Kind=PubSubTopic',
    'kms.cnrm.cloud.google.com/v1beta1, Kind=KMSKeyRing', 'kms.cnrm.cloud.google.com/v1beta1, Kind=KMSCryptoKey', 'container.cnrm.cloud.google.com/v1beta1, Kind=ContainerNodePool',
    'container.cnrm.cloud.google.com/v1beta1, Kind=ContainerCluster',
  ],
};

/** Invalid for upstream too: the RGD as written cannot be accepted. Codes of the errors beyond missing kinds. */
const INVALID: Record<string, string[]> = {
  // The Lattice kind (rg-lattice.yaml) has no spec.gatewayClassName.
  'apigateway/vpc-lattice/rg-webservice.yaml': ['graph/unknown-field'],
  // SimpleSchema defaults with unquoted spaces: `default=IRSA role for ...` (marker key 'rolefor...' without a value).
  'aws/ack-controller/controllers/ec2-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/controllers/ecr-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/controllers/ecr-public-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/controllers/eks-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/controllers/s3-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/controllers/sqs-controller.yaml': ['schema/invalid-marker'],
  'aws/ack-controller/resourcegroup.yaml': ['schema/invalid-marker'],
  // "--enable-development-logging=${bool}": CEL has no string + bool (behavior 10).
  'aws/ack-controller/controllers/iam-controller.yaml': ['graph/cel-error'],
  // `${spc.version}`: a typo for `schema`.
  'aws/ack-eks-cluster/eks-reused.yaml': ['graph/unknown-identifier', 'graph/unknown-identifier'],
  // A boolean for a nodeSelector value (map of strings).
  'aws/llm/llm.yaml': ['graph/type-mismatch'],
};

/** Files that contain an RGD document that does not even load (upstream's API server refuses them too). */
const UNLOADABLE: Record<string, string[]> = {
  'gcp/gemma-on-tpu/rgd.yaml': ['rgd/unknown-field', 'rgd/unknown-field', 'rgd/required'],
  'kubernetes/core-dns/core-dns.yaml': ['rgd/yaml-syntax'],
};

const builds = new Map<boolean, Promise<Map<string, CompiledRgd>>>();

/** Builds the corpus once per mode (strict, lenient) for all tests. */
function buildAll(lenient: boolean): Promise<Map<string, CompiledRgd>> {
  let built = builds.get(lenient);
  if (!built) {
    built = buildCorpus(lenient);
    builds.set(lenient, built);
  }
  return built;
}

async function buildCorpus(lenient: boolean): Promise<Map<string, CompiledRgd>> {
  const schemas = await offlineSchemas();
  const out = new Map<string, CompiledRgd>();
  for (const inputs of loadCorpus().folders.values()) {
    const results = await compileGraphs(inputs, { schemas, lenientUnknownKinds: lenient, features: { celOmitFunction: true } });
    results.forEach((r, i) => out.set(inputs[i]!.file, r));
  }
  return out;
}

describe('kro-examples corpus, offline', () => {
  test('every RGD document is accounted for', async () => {
    const { unloadable } = loadCorpus();
    assert.deepEqual(unloadable, UNLOADABLE);
    const built = await buildAll(false);
    const listed = [...BUILDS, ...Object.keys(MISSING_KINDS), ...Object.keys(INVALID)];
    assert.deepEqual([...new Set(listed)].sort(), [...built.keys()].sort());
  });

  test('RGDs whose kinds are available build', async () => {
    const built = await buildAll(false);
    const failed = BUILDS.filter((f) => !built.get(f)!.result.ok).map((f) => {
      const r = built.get(f)!.result;
      return `${f}: ${r.ok ? '' : r.diagnostics.map((d) => d.message).join('; ')}`;
    });
    assert.deepEqual(failed, []);
  });

  test('the others name exactly the kinds they miss, and build in lenient mode', async () => {
    const strict = await buildAll(false);
    const lenient = await buildAll(true);
    for (const [file, kinds] of Object.entries(MISSING_KINDS)) {
      const r = strict.get(file)!.result;
      assert.equal(r.ok, false, file);
      if (r.ok) continue;
      const missing = [...new Set(r.diagnostics.filter((d) => d.code === 'graph/unknown-kind').map((d) => d.found))];
      assert.deepEqual(missing, kinds, file);
      const l = lenient.get(file)!.result;
      if (INVALID[file]) continue;
      assert.ok(l.ok, `${file} in lenient mode: ${l.ok ? '' : l.diagnostics.map((d) => d.message).join('; ')}`);
      assert.deepEqual([...new Set(l.warnings?.map((w) => w.found))], kinds, file);
    }
  });

  test('invalid RGDs fail as upstream fails them', async () => {
    const lenient = await buildAll(true);
    for (const [file, codes] of Object.entries(INVALID)) {
      const r = lenient.get(file)!.result;
      assert.equal(r.ok, false, file);
      if (!r.ok) assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), codes, file);
    }
  });
});
