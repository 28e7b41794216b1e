extension KubeSchema {
    /// Types and fields the packaged API sources (0.32) predate, from
    /// Kubernetes 1.33 to HEAD, in the format `KubeSchema` describes.
    ///
    /// Drafted with scripts/derive-schema-supplement.py from Kubernetes'
    /// serialization fixtures, newest release first so that a field an alpha
    /// API later changed reads as the newest release has it, then reviewed
    /// against the fixtures' protobuf bytes. The conformance tests check
    /// every line.
    ///
    /// NOTE: fixtures cannot show whether a Go field is a pointer or
    /// omitempty. Drafted fields carry both flags (`op`), the convention for
    /// optional fields added since Kubernetes 1.28. Where a drafted field is
    /// in fact a Go value, it prints nothing where Go prints its zero value.
    static let supplementText = #"""
# A message without fields, for types the schema does not know.
ketcd.Empty -

# apiregistration.k8s.io (kube-aggregator), which kube-apiserver stores as
# JSON; from the Go types of Kubernetes' staging kube-aggregator package.
apiregistration.v1.ServiceReference - namespace=1,s,o name=2,s,o port=3,i,op
apiregistration.v1.APIServiceSpec - service=1,m,p,apiregistration.v1.ServiceReference group=2,s,o version=3,s,o insecureSkipTLSVerify=4,b,o caBundle=5,y,o groupPriorityMinimum=7,i, versionPriority=8,i,
apiregistration.v1.APIServiceCondition - type=1,s, status=2,s, lastTransitionTime=3,m,o,meta.v1.Time reason=4,s,o message=5,s,o
apiregistration.v1.APIServiceStatus - conditions=1,m,or,apiregistration.v1.APIServiceCondition
apiregistration.v1.APIService - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,apiregistration.v1.APIServiceSpec status=3,m,o,apiregistration.v1.APIServiceStatus
apiregistration.v1.APIServiceList - =0,t,n metadata=1,m,o,meta.v1.ListMeta items=2,m,r,apiregistration.v1.APIService
apiregistration.v1beta1.ServiceReference - namespace=1,s,o name=2,s,o port=3,i,op
apiregistration.v1beta1.APIServiceSpec - service=1,m,p,apiregistration.v1beta1.ServiceReference group=2,s,o version=3,s,o insecureSkipTLSVerify=4,b,o caBundle=5,y,o groupPriorityMinimum=7,i, versionPriority=8,i,
apiregistration.v1beta1.APIServiceCondition - type=1,s, status=2,s, lastTransitionTime=3,m,o,meta.v1.Time reason=4,s,o message=5,s,o
apiregistration.v1beta1.APIServiceStatus - conditions=1,m,or,apiregistration.v1beta1.APIServiceCondition
apiregistration.v1beta1.APIService - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,apiregistration.v1beta1.APIServiceSpec status=3,m,o,apiregistration.v1beta1.APIServiceStatus
apiregistration.v1beta1.APIServiceList - =0,t,n metadata=1,m,o,meta.v1.ListMeta items=2,m,r,apiregistration.v1beta1.APIService
# apiextensions.k8s.io, from the Go types of Kubernetes' staging
# apiextensions-apiserver package. JSON carries raw JSON as RawExtension
# does; the three schema unions have JSON forms of their own (A, B, S).
apiextensions.v1.JSON R
apiextensions.v1.JSONSchemaPropsOrArray A schema=1,m,p,apiextensions.v1.JSONSchemaProps jSONSchemas=2,m,r,apiextensions.v1.JSONSchemaProps
apiextensions.v1.JSONSchemaPropsOrBool B schema=2,m,p,apiextensions.v1.JSONSchemaProps allows=1,b,
apiextensions.v1.JSONSchemaPropsOrStringArray S schema=1,m,p,apiextensions.v1.JSONSchemaProps property=2,s,r
apiextensions.v1.ExternalDocumentation - description=1,s,o url=2,s,o
apiextensions.v1.ValidationRule - rule=1,s, message=2,s,o messageExpression=3,s,o reason=4,s,op fieldPath=5,s,o optionalOldSelf=6,b,op
apiextensions.v1.JSONSchemaProps - id=1,s,o $schema=2,s,o $ref=3,s,op description=4,s,o type=5,s,o format=6,s,o title=7,s,o default=8,m,op,apiextensions.v1.JSON maximum=9,d,op exclusiveMaximum=10,b,o minimum=11,d,op exclusiveMinimum=12,b,o maxLength=13,l,op minLength=14,l,op pattern=15,s,o maxItems=16,l,op minItems=17,l,op uniqueItems=18,b,o multipleOf=19,d,op enum=20,m,or,apiextensions.v1.JSON maxProperties=21,l,op minProperties=22,l,op required=23,s,or items=24,m,op,apiextensions.v1.JSONSchemaPropsOrArray allOf=25,m,or,apiextensions.v1.JSONSchemaProps oneOf=26,m,or,apiextensions.v1.JSONSchemaProps anyOf=27,m,or,apiextensions.v1.JSONSchemaProps not=28,m,op,apiextensions.v1.JSONSchemaProps properties=29,Mm,o,apiextensions.v1.JSONSchemaProps additionalProperties=30,m,op,apiextensions.v1.JSONSchemaPropsOrBool patternProperties=31,Mm,o,apiextensions.v1.JSONSchemaProps dependencies=32,Mm,o,apiextensions.v1.JSONSchemaPropsOrStringArray additionalItems=33,m,op,apiextensions.v1.JSONSchemaPropsOrBool definitions=34,Mm,o,apiextensions.v1.JSONSchemaProps externalDocs=35,m,op,apiextensions.v1.ExternalDocumentation example=36,m,op,apiextensions.v1.JSON nullable=37,b,o x-kubernetes-preserve-unknown-fields=38,b,op x-kubernetes-embedded-resource=39,b,o x-kubernetes-int-or-string=40,b,o x-kubernetes-list-map-keys=41,s,or x-kubernetes-list-type=42,s,op x-kubernetes-map-type=43,s,op x-kubernetes-validations=44,m,or,apiextensions.v1.ValidationRule
apiextensions.v1.CustomResourceDefinitionNames - plural=1,s, singular=2,s,o shortNames=3,s,or kind=4,s, listKind=5,s,o categories=6,s,or
apiextensions.v1.CustomResourceValidation - openAPIV3Schema=1,m,op,apiextensions.v1.JSONSchemaProps
apiextensions.v1.CustomResourceSubresourceStatus -
apiextensions.v1.CustomResourceSubresourceScale - specReplicasPath=1,s, statusReplicasPath=2,s, labelSelectorPath=3,s,op
apiextensions.v1.CustomResourceSubresources - status=1,m,op,apiextensions.v1.CustomResourceSubresourceStatus scale=2,m,op,apiextensions.v1.CustomResourceSubresourceScale
apiextensions.v1.CustomResourceColumnDefinition - name=1,s, type=2,s, format=3,s,o description=4,s,o priority=5,i,o jsonPath=6,s,
apiextensions.v1.SelectableField - jsonPath=1,s,
apiextensions.v1.ServiceReference - namespace=1,s, name=2,s, path=3,s,op port=4,i,op
apiextensions.v1.WebhookClientConfig - url=3,s,op service=1,m,op,apiextensions.v1.ServiceReference caBundle=2,y,o
apiextensions.v1.CustomResourceDefinitionVersion - name=1,s, served=2,b, storage=3,b, deprecated=7,b,o deprecationWarning=8,s,op schema=4,m,op,apiextensions.v1.CustomResourceValidation subresources=5,m,op,apiextensions.v1.CustomResourceSubresources additionalPrinterColumns=6,m,or,apiextensions.v1.CustomResourceColumnDefinition selectableFields=9,m,or,apiextensions.v1.SelectableField
apiextensions.v1.WebhookConversion - clientConfig=2,m,op,apiextensions.v1.WebhookClientConfig conversionReviewVersions=3,s,r
apiextensions.v1.CustomResourceConversion - strategy=1,s, webhook=2,m,op,apiextensions.v1.WebhookConversion
apiextensions.v1.CustomResourceDefinitionSpec - group=1,s, names=3,m,,apiextensions.v1.CustomResourceDefinitionNames scope=4,s, versions=7,m,r,apiextensions.v1.CustomResourceDefinitionVersion conversion=9,m,op,apiextensions.v1.CustomResourceConversion preserveUnknownFields=10,b,o
apiextensions.v1.CustomResourceDefinitionCondition - type=1,s, status=2,s, lastTransitionTime=3,m,o,meta.v1.Time reason=4,s,o message=5,s,o observedGeneration=6,l,o
apiextensions.v1.CustomResourceDefinitionStatus - conditions=1,m,or,apiextensions.v1.CustomResourceDefinitionCondition acceptedNames=2,m,,apiextensions.v1.CustomResourceDefinitionNames storedVersions=3,s,r observedGeneration=4,l,o
apiextensions.v1.CustomResourceDefinition - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,apiextensions.v1.CustomResourceDefinitionSpec status=3,m,o,apiextensions.v1.CustomResourceDefinitionStatus
apiextensions.v1.CustomResourceDefinitionList - =0,t,n metadata=1,m,o,meta.v1.ListMeta items=2,m,r,apiextensions.v1.CustomResourceDefinition
apiextensions.v1.ConversionRequest - uid=1,s, desiredAPIVersion=2,s, objects=3,m,r,runtime.RawExtension
apiextensions.v1.ConversionResponse - uid=1,s, convertedObjects=2,m,r,runtime.RawExtension result=3,m,,meta.v1.Status
apiextensions.v1.ConversionReview - =0,t,n request=1,m,op,apiextensions.v1.ConversionRequest response=2,m,op,apiextensions.v1.ConversionResponse
apiextensions.v1beta1.JSON R
apiextensions.v1beta1.JSONSchemaPropsOrArray A schema=1,m,p,apiextensions.v1beta1.JSONSchemaProps jSONSchemas=2,m,r,apiextensions.v1beta1.JSONSchemaProps
apiextensions.v1beta1.JSONSchemaPropsOrBool B schema=2,m,p,apiextensions.v1beta1.JSONSchemaProps allows=1,b,
apiextensions.v1beta1.JSONSchemaPropsOrStringArray S schema=1,m,p,apiextensions.v1beta1.JSONSchemaProps property=2,s,r
apiextensions.v1beta1.ExternalDocumentation - description=1,s,o url=2,s,o
apiextensions.v1beta1.ValidationRule - rule=1,s, message=2,s,o messageExpression=3,s,o reason=4,s,op fieldPath=5,s,o optionalOldSelf=6,b,op
apiextensions.v1beta1.JSONSchemaProps - id=1,s,o $schema=2,s,o $ref=3,s,op description=4,s,o type=5,s,o format=6,s,o title=7,s,o default=8,m,op,apiextensions.v1beta1.JSON maximum=9,d,op exclusiveMaximum=10,b,o minimum=11,d,op exclusiveMinimum=12,b,o maxLength=13,l,op minLength=14,l,op pattern=15,s,o maxItems=16,l,op minItems=17,l,op uniqueItems=18,b,o multipleOf=19,d,op enum=20,m,or,apiextensions.v1beta1.JSON maxProperties=21,l,op minProperties=22,l,op required=23,s,or items=24,m,op,apiextensions.v1beta1.JSONSchemaPropsOrArray allOf=25,m,or,apiextensions.v1beta1.JSONSchemaProps oneOf=26,m,or,apiextensions.v1beta1.JSONSchemaProps anyOf=27,m,or,apiextensions.v1beta1.JSONSchemaProps not=28,m,op,apiextensions.v1beta1.JSONSchemaProps properties=29,Mm,o,apiextensions.v1beta1.JSONSchemaProps additionalProperties=30,m,op,apiextensions.v1beta1.JSONSchemaPropsOrBool patternProperties=31,Mm,o,apiextensions.v1beta1.JSONSchemaProps dependencies=32,Mm,o,apiextensions.v1beta1.JSONSchemaPropsOrStringArray additionalItems=33,m,op,apiextensions.v1beta1.JSONSchemaPropsOrBool definitions=34,Mm,o,apiextensions.v1beta1.JSONSchemaProps externalDocs=35,m,op,apiextensions.v1beta1.ExternalDocumentation example=36,m,op,apiextensions.v1beta1.JSON nullable=37,b,o x-kubernetes-preserve-unknown-fields=38,b,op x-kubernetes-embedded-resource=39,b,o x-kubernetes-int-or-string=40,b,o x-kubernetes-list-map-keys=41,s,or x-kubernetes-list-type=42,s,op x-kubernetes-map-type=43,s,op x-kubernetes-validations=44,m,or,apiextensions.v1beta1.ValidationRule
apiextensions.v1beta1.CustomResourceDefinitionNames - plural=1,s, singular=2,s,o shortNames=3,s,or kind=4,s, listKind=5,s,o categories=6,s,or
apiextensions.v1beta1.CustomResourceValidation - openAPIV3Schema=1,m,op,apiextensions.v1beta1.JSONSchemaProps
apiextensions.v1beta1.CustomResourceSubresourceStatus -
apiextensions.v1beta1.CustomResourceSubresourceScale - specReplicasPath=1,s, statusReplicasPath=2,s, labelSelectorPath=3,s,op
apiextensions.v1beta1.CustomResourceSubresources - status=1,m,op,apiextensions.v1beta1.CustomResourceSubresourceStatus scale=2,m,op,apiextensions.v1beta1.CustomResourceSubresourceScale
apiextensions.v1beta1.CustomResourceColumnDefinition - name=1,s, type=2,s, format=3,s,o description=4,s,o priority=5,i,o JSONPath=6,s,
apiextensions.v1beta1.SelectableField - jsonPath=1,s,
apiextensions.v1beta1.ServiceReference - namespace=1,s, name=2,s, path=3,s,op port=4,i,op
apiextensions.v1beta1.WebhookClientConfig - url=3,s,op service=1,m,op,apiextensions.v1beta1.ServiceReference caBundle=2,y,o
apiextensions.v1beta1.CustomResourceDefinitionVersion - name=1,s, served=2,b, storage=3,b, deprecated=7,b,o deprecationWarning=8,s,op schema=4,m,op,apiextensions.v1beta1.CustomResourceValidation subresources=5,m,op,apiextensions.v1beta1.CustomResourceSubresources additionalPrinterColumns=6,m,or,apiextensions.v1beta1.CustomResourceColumnDefinition selectableFields=9,m,or,apiextensions.v1beta1.SelectableField
apiextensions.v1beta1.CustomResourceConversion - strategy=1,s, webhookClientConfig=2,m,op,apiextensions.v1beta1.WebhookClientConfig conversionReviewVersions=3,s,or
apiextensions.v1beta1.CustomResourceDefinitionSpec - group=1,s, version=2,s,o names=3,m,,apiextensions.v1beta1.CustomResourceDefinitionNames scope=4,s, validation=5,m,op,apiextensions.v1beta1.CustomResourceValidation subresources=6,m,op,apiextensions.v1beta1.CustomResourceSubresources versions=7,m,or,apiextensions.v1beta1.CustomResourceDefinitionVersion additionalPrinterColumns=8,m,or,apiextensions.v1beta1.CustomResourceColumnDefinition selectableFields=11,m,or,apiextensions.v1beta1.SelectableField conversion=9,m,op,apiextensions.v1beta1.CustomResourceConversion preserveUnknownFields=10,b,op
apiextensions.v1beta1.CustomResourceDefinitionCondition - type=1,s, status=2,s, lastTransitionTime=3,m,o,meta.v1.Time reason=4,s,o message=5,s,o observedGeneration=6,l,o
apiextensions.v1beta1.CustomResourceDefinitionStatus - conditions=1,m,or,apiextensions.v1beta1.CustomResourceDefinitionCondition acceptedNames=2,m,,apiextensions.v1beta1.CustomResourceDefinitionNames storedVersions=3,s,r observedGeneration=4,l,o
apiextensions.v1beta1.CustomResourceDefinition - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,apiextensions.v1beta1.CustomResourceDefinitionSpec status=3,m,o,apiextensions.v1beta1.CustomResourceDefinitionStatus
apiextensions.v1beta1.CustomResourceDefinitionList - =0,t,n metadata=1,m,o,meta.v1.ListMeta items=2,m,r,apiextensions.v1beta1.CustomResourceDefinition
apiextensions.v1beta1.ConversionRequest - uid=1,s, desiredAPIVersion=2,s, objects=3,m,r,runtime.RawExtension
apiextensions.v1beta1.ConversionResponse - uid=1,s, convertedObjects=2,m,r,runtime.RawExtension result=3,m,,meta.v1.Status
apiextensions.v1beta1.ConversionReview - =0,t,n request=1,m,op,apiextensions.v1beta1.ConversionRequest response=2,m,op,apiextensions.v1beta1.ConversionResponse
# Kubernetes HEAD
meta.v1.ListMetaShardInfo - selector=1,s,op
admissionregistration.v1.MutatingAdmissionPolicy - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,admissionregistration.v1alpha1.MutatingAdmissionPolicySpec
admissionregistration.v1.MutatingAdmissionPolicyBinding - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,admissionregistration.v1alpha1.MutatingAdmissionPolicyBindingSpec
admissionregistration.v1beta1.MutatingAdmissionPolicy - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,admissionregistration.v1alpha1.MutatingAdmissionPolicySpec
admissionregistration.v1beta1.MutatingAdmissionPolicyBinding - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,admissionregistration.v1alpha1.MutatingAdmissionPolicyBindingSpec
core.v1.VolumeProjectionPodCertificate - signerName=1,s,op keyType=2,s,op maxExpirationSeconds=3,l,op credentialBundlePath=4,s,op keyPath=5,s,op certificateChainPath=6,s,op userAnnotations=7,Ms,o user=8,i,op
core.v1.EnvVarSourceFileKeyRef - volumeName=1,s,op path=2,s,op key=3,s,op optional=4,b,op
core.v1.ContainerRestartPolicyRules - action=1,s,op exitCodes=2,m,op,core.v1.ContainerRestartPolicyRulesExitCodes
core.v1.ContainerRestartPolicyRulesExitCodes - operator=1,s,op values=2,i,or
core.v1.PodSpecSchedulingGroup - podGroupName=1,s,op
core.v1.PodSpecEvictionResponders - name=1,s,op priority=2,i,op
core.v1.PersistentVolumeClaimStatusHealthStatus - healthConditions=1,m,or,core.v1.PersistentVolumeClaimStatusHealthStatusHealthConditions lastTransitionTime=2,m,op,meta.v1.Time
core.v1.PersistentVolumeClaimStatusHealthStatusHealthConditions - status=1,s,op reason=2,s,op message=3,s,op
batch.v1.JobSpecScheduling - schedulingPolicy=1,m,op,batch.v1.JobSpecSchedulingSchedulingPolicy schedulingConstraints=2,m,op,batch.v1.JobSpecSchedulingSchedulingConstraints disruptionMode=3,m,op,batch.v1.JobSpecSchedulingDisruptionMode resourceClaims=4,m,or,batch.v1.JobSpecSchedulingResourceClaims
batch.v1.JobSpecSchedulingSchedulingPolicy - basic=1,m,op,batch.v1.JobSpecSchedulingSchedulingPolicyBasic gang=2,m,op,batch.v1.JobSpecSchedulingSchedulingPolicyGang
batch.v1.JobSpecSchedulingSchedulingPolicyBasic - 
batch.v1.JobSpecSchedulingSchedulingPolicyGang - minCount=1,i,op
batch.v1.JobSpecSchedulingSchedulingConstraints - topology=1,m,or,batch.v1.JobSpecSchedulingSchedulingConstraintsTopology
batch.v1.JobSpecSchedulingSchedulingConstraintsTopology - key=1,s,op
batch.v1.JobSpecSchedulingDisruptionMode - single=1,m,op,batch.v1.JobSpecSchedulingDisruptionModeSingle all=2,m,op,batch.v1.JobSpecSchedulingDisruptionModeAll
batch.v1.JobSpecSchedulingDisruptionModeSingle - 
batch.v1.JobSpecSchedulingDisruptionModeAll - 
batch.v1.JobSpecSchedulingResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
certificates.v1.ClusterTrustBundle - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,certificates.v1alpha1.ClusterTrustBundleSpec
certificates.v1.PodCertificateRequest - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,certificates.v1.PodCertificateRequestSpec status=3,m,op,certificates.v1.PodCertificateRequestStatus
certificates.v1.PodCertificateRequestSpec - signerName=1,s,op podName=2,s,op podUID=3,s,op serviceAccountName=4,s,op serviceAccountUID=5,s,op nodeName=6,s,op nodeUID=7,s,op maxExpirationSeconds=8,l,op stubPKCS10Request=12,y,op unverifiedUserAnnotations=11,Ms,o
certificates.v1.PodCertificateRequestStatus - conditions=1,m,or,meta.v1.Condition certificateChain=2,s,op notBefore=4,m,op,meta.v1.Time beginRefreshAt=5,m,op,meta.v1.Time notAfter=6,m,op,meta.v1.Time
certificates.v1beta1.ClusterTrustBundle - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,certificates.v1alpha1.ClusterTrustBundleSpec
certificates.v1beta1.PodCertificateRequest - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,certificates.v1beta1.PodCertificateRequestSpec status=3,m,op,certificates.v1beta1.PodCertificateRequestStatus
certificates.v1beta1.PodCertificateRequestStatus - conditions=1,m,or,meta.v1.Condition certificateChain=2,s,op notBefore=4,m,op,meta.v1.Time beginRefreshAt=5,m,op,meta.v1.Time notAfter=6,m,op,meta.v1.Time
certificates.v1beta1.PodCertificateRequestSpec - signerName=1,s,op podName=2,s,op podUID=3,s,op serviceAccountName=4,s,op serviceAccountUID=5,s,op nodeName=6,s,op nodeUID=7,s,op maxExpirationSeconds=8,l,op pkixPublicKey=9,y,op proofOfPossession=10,y,op stubPKCS10Request=12,y,op unverifiedUserAnnotations=11,Ms,o
coordination.v1beta1.LeaseCandidate - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,coordination.v1alpha2.LeaseCandidateSpec
core.v1.NodeSpecPodPreemptionPolicy - disableResizePreemption=1,s,or
core.v1.NodeSystemInfoSwap - capacity=1,i,op
core.v1.VolumeMountStatusVolumeStatus - image=1,m,op,core.v1.VolumeMountStatusVolumeStatusImage
core.v1.VolumeMountStatusVolumeStatusImage - imageRef=1,s,op
core.v1.PodStatusExtendedResourceClaimStatus - requestMappings=1,m,or,core.v1.PodStatusExtendedResourceClaimStatusRequestMappings resourceClaimName=2,s,op
core.v1.PodStatusExtendedResourceClaimStatusRequestMappings - containerName=1,s,op resourceName=2,s,op requestName=3,s,op
core.v1.PodStatusNodeAllocatableResourceClaimStatuses - resourceClaimName=1,s,op containers=2,s,or mapping=4,m,or,core.v1.PodStatusNodeAllocatableResourceClaimStatusesMapping overhead=5,m,or,core.v1.PodStatusNodeAllocatableResourceClaimStatusesOverhead
core.v1.PodStatusNodeAllocatableResourceClaimStatusesMapping - name=1,s,op quantity=2,m,op,resource.Quantity
core.v1.PodStatusNodeAllocatableResourceClaimStatusesOverhead - name=1,s,op perPod=2,m,op,resource.Quantity perContainer=3,m,op,resource.Quantity
core.v1.PodStatusVolumeHealth - name=1,s,op healthConditions=2,m,or,core.v1.PodStatusVolumeHealthHealthConditions lastTransitionTime=3,m,op,meta.v1.Time
core.v1.PodStatusVolumeHealthHealthConditions - status=1,s,op reason=2,s,op message=3,s,op
lifecycle.v1alpha1.Eviction - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,lifecycle.v1alpha1.EvictionSpec status=3,m,op,lifecycle.v1alpha1.EvictionStatus
lifecycle.v1alpha1.EvictionSpec - target=1,m,op,lifecycle.v1alpha1.EvictionSpecTarget
lifecycle.v1alpha1.EvictionSpecTarget - pod=1,m,op,lifecycle.v1alpha1.EvictionSpecTargetPod
lifecycle.v1alpha1.EvictionSpecTargetPod - name=1,s,op uid=2,s,op
lifecycle.v1alpha1.EvictionStatus - conditions=1,m,or,meta.v1.Condition observedGeneration=2,i,op requesters=3,m,or,lifecycle.v1alpha1.EvictionStatusRequesters targetResponders=4,m,or,lifecycle.v1alpha1.EvictionStatusTargetResponders responders=5,m,or,lifecycle.v1alpha1.EvictionStatusResponders
lifecycle.v1alpha1.EvictionStatusRequesters - name=1,s,op intent=2,s,op
lifecycle.v1alpha1.EvictionStatusTargetResponders - name=1,s,op priority=2,i,op state=3,s,op
lifecycle.v1alpha1.EvictionStatusResponders - name=1,s,op startTime=2,m,op,meta.v1.Time heartbeatTime=3,m,op,meta.v1.Time expectedCompletionTime=4,m,op,meta.v1.Time completionTime=5,m,op,meta.v1.Time message=6,s,op
lifecycle.v1alpha1.EvictionRequest - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,lifecycle.v1alpha1.EvictionRequestSpec status=3,m,op,lifecycle.v1alpha1.EvictionRequestStatus
lifecycle.v1alpha1.EvictionRequestSpec - target=1,m,op,lifecycle.v1alpha1.EvictionRequestSpecTarget requester=2,s,op intent=3,s,op
lifecycle.v1alpha1.EvictionRequestSpecTarget - pod=1,m,op,lifecycle.v1alpha1.EvictionRequestSpecTargetPod
lifecycle.v1alpha1.EvictionRequestSpecTargetPod - name=1,s,op uid=2,s,op
lifecycle.v1alpha1.EvictionRequestStatus - conditions=1,m,or,meta.v1.Condition observedGeneration=2,i,op
networking.v1.IPAddress - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,networking.v1alpha1.IPAddressSpec
networking.v1.ServiceCIDR - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,networking.v1alpha1.ServiceCIDRSpec status=3,m,o,networking.v1alpha1.ServiceCIDRStatus
resource.v1.DeviceClass - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1.DeviceClassSpec
resource.v1.DeviceClassSpec - selectors=1,m,or,resource.v1alpha3.DeviceSelector config=2,m,or,resource.v1alpha3.DeviceClassConfiguration extendedResourceName=4,s,op
resource.v1.DeviceTaintRule - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,resource.v1.DeviceTaintRuleSpec status=3,m,o,networking.v1alpha1.ServiceCIDRStatus
resource.v1.DeviceTaintRuleSpec - deviceSelector=1,m,op,resource.v1.DeviceTaintRuleSpecDeviceSelector taint=2,m,op,core.v1.Taint
resource.v1.DeviceTaintRuleSpecDeviceSelector - driver=2,s,op pool=3,s,op device=4,s,op
resource.v1.ResourceClaim - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1.ResourceClaimSpec status=3,m,o,resource.v1.ResourceClaimStatus
resource.v1.ResourceClaimStatus - allocation=1,m,op,resource.v1.AllocationResult reservedFor=2,m,or,resource.v1alpha3.ResourceClaimConsumerReference devices=4,m,or,resource.v1.AllocatedDeviceStatus
resource.v1.AllocatedDeviceStatus - driver=1,s, pool=2,s, device=3,s, shareID=7,s,op conditions=4,m,r,meta.v1.Condition data=5,m,o,runtime.RawExtension networkData=6,m,op,resource.v1alpha3.NetworkDeviceData
resource.v1.AllocationResult - devices=1,m,o,resource.v1.DeviceAllocationResult nodeSelector=3,m,op,core.v1.NodeSelector allocationTimestamp=5,m,op,meta.v1.Time
resource.v1.DeviceAllocationResult - results=1,m,or,resource.v1.DeviceRequestAllocationResult config=2,m,or,resource.v1alpha3.DeviceAllocationConfiguration
resource.v1.DeviceRequestAllocationResult - request=1,s, driver=2,s, pool=3,s, device=4,s, adminAccess=5,b,p tolerations=6,m,or,core.v1.Toleration bindingConditions=7,s,or bindingFailureConditions=8,s,or shareID=9,s,op consumedCapacity=10,Mm,o,resource.Quantity skipNodeOperations=11,s,or
resource.v1.ResourceClaimSpec - devices=1,m,,resource.v1.DeviceClaim
resource.v1.DeviceClaim - requests=1,m,r,resource.v1.DeviceRequest constraints=2,m,or,resource.v1.DeviceConstraint config=3,m,or,resource.v1alpha3.DeviceClaimConfiguration
resource.v1.DeviceConstraint - requests=1,s,or matchAttribute=2,s,op distinctAttribute=3,s,op
resource.v1.DeviceRequest - name=1,s, exactly=2,m,op,resource.v1.DeviceRequestExactly firstAvailable=3,m,or,resource.v1.DeviceRequestFirstAvailable
resource.v1.DeviceRequestExactly - deviceClassName=1,s,op selectors=2,m,or,resource.v1alpha3.DeviceSelector allocationMode=3,s,op count=4,i,op adminAccess=5,b,op tolerations=6,m,or,core.v1.Toleration capacity=7,m,op,resource.v1.DeviceRequestExactlyCapacity
resource.v1.DeviceRequestExactlyCapacity - requests=1,Mm,o,resource.Quantity
resource.v1.DeviceRequestFirstAvailable - name=1,s,op deviceClassName=2,s,op selectors=3,m,or,resource.v1alpha3.DeviceSelector allocationMode=4,s,op count=5,i,op tolerations=6,m,or,core.v1.Toleration capacity=7,m,op,resource.v1.DeviceRequestFirstAvailableCapacity
resource.v1.DeviceRequestFirstAvailableCapacity - requests=1,Mm,o,resource.Quantity
resource.v1.ResourceClaimTemplate - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1.ResourceClaimTemplateSpec
resource.v1.ResourceClaimTemplateSpec - metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1.ResourceClaimSpec
resource.v1.ResourceSlice - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1.ResourceSliceSpec
resource.v1.ResourceSliceSpec - driver=1,s, pool=2,m,,resource.v1alpha3.ResourcePool nodeName=3,s,o nodeSelector=4,m,op,core.v1.NodeSelector allNodes=5,b,o devices=6,m,r,resource.v1.Device perDeviceNodeSelection=7,b,op sharedCounters=8,m,or,resource.v1.ResourceSliceSpecSharedCounters partitionTypeAttribute=9,s,op skipNodeOperations=10,s,or
resource.v1.Device - name=1,s, attributes=2,Mm,o,resource.v1.DeviceAttributes capacity=3,Mm,o,resource.v1beta1.DeviceCapacity consumesCounters=4,m,or,resource.v1.DeviceConsumesCounters nodeName=5,s,op nodeSelector=6,m,op,core.v1.NodeSelector allNodes=7,b,op taints=8,m,or,core.v1.Taint bindsToNode=9,b,op bindingConditions=10,s,or bindingFailureConditions=11,s,or allowMultipleAllocations=12,b,op nodeAllocatableResources=14,Mm,o,resource.v1.DeviceNodeAllocatableResources
resource.v1.DeviceAttributes - int=2,l,op bool=3,b,op string=4,s,op version=5,s,op ints=6,l,or bools=7,b,or strings=8,s,or versions=9,s,or
resource.v1.DeviceConsumesCounters - counterSet=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1.DeviceNodeAllocatableResources - mapping=3,m,op,resource.v1.DeviceNodeAllocatableResourcesMapping overhead=4,m,op,resource.v1.DeviceNodeAllocatableResourcesOverhead
resource.v1.DeviceNodeAllocatableResourcesMapping - capacityKey=1,s,op capacityMultiplier=2,m,op,resource.Quantity deviceMultiplier=3,m,op,resource.Quantity
resource.v1.DeviceNodeAllocatableResourcesOverhead - perPod=1,m,op,resource.Quantity perContainer=2,m,op,resource.Quantity
resource.v1.ResourceSliceSpecSharedCounters - name=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1alpha3.DeviceTaintRule - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,resource.v1alpha3.DeviceTaintRuleSpec status=3,m,o,networking.v1alpha1.ServiceCIDRStatus
resource.v1alpha3.DeviceTaintRuleSpec - deviceSelector=1,m,op,resource.v1alpha3.DeviceTaintRuleSpecDeviceSelector taint=2,m,op,core.v1.Taint
resource.v1alpha3.DeviceTaintRuleSpecDeviceSelector - driver=2,s,op pool=3,s,op device=4,s,op
resource.v1alpha3.ResourcePoolStatusRequest - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,resource.v1alpha3.ResourcePoolStatusRequestSpec status=3,m,op,resource.v1alpha3.ResourcePoolStatusRequestStatus
resource.v1alpha3.ResourcePoolStatusRequestSpec - driver=1,s,op poolName=2,s,op limit=3,i,op defaultPartitionTypeAttribute=4,s,op
resource.v1alpha3.ResourcePoolStatusRequestStatus - poolCount=6,i,op pools=2,m,or,resource.v1alpha3.ResourcePoolStatusRequestStatusPools conditions=3,m,or,meta.v1.Condition
resource.v1alpha3.ResourcePoolStatusRequestStatusPools - driver=1,s,op poolName=2,s,op generation=9,i,op resourceSliceCount=8,i,op totalDevices=4,i,op allocatedDevices=5,i,op availableDevices=6,i,op unavailableDevices=7,i,op nodeName=3,s,op validationError=10,s,op partitionSummary=11,m,or,resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsPartitionSummary shareableSummary=13,m,op,resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsShareableSummary
resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsPartitionSummary - attribute=4,s,op type=1,s,op total=2,i,op allocatable=3,i,op
resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsShareableSummary - fullyAvailableDevices=1,i,op partiallyAvailableDevices=2,i,op capacity=3,m,or,resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsShareableSummaryCapacity
resource.v1alpha3.ResourcePoolStatusRequestStatusPoolsShareableSummaryCapacity - name=1,s,op total=2,m,op,resource.Quantity consumed=3,m,op,resource.Quantity available=4,m,op,resource.Quantity
resource.v1beta1.DeviceRequestFirstAvailable - name=1,s,op deviceClassName=2,s,op selectors=3,m,or,resource.v1alpha3.DeviceSelector allocationMode=4,s,op count=5,i,op tolerations=7,m,or,core.v1.Toleration capacity=8,m,op,resource.v1beta1.DeviceRequestFirstAvailableCapacity
resource.v1beta1.DeviceRequestFirstAvailableCapacity - requests=1,Mm,o,resource.Quantity
resource.v1beta1.DeviceRequestCapacity - requests=1,Mm,o,resource.Quantity
resource.v1beta1.BasicDeviceConsumesCounters - counterSet=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1beta1.BasicDeviceNodeAllocatableResources - mapping=3,m,op,resource.v1beta1.BasicDeviceNodeAllocatableResourcesMapping overhead=4,m,op,resource.v1beta1.BasicDeviceNodeAllocatableResourcesOverhead
resource.v1beta1.BasicDeviceNodeAllocatableResourcesMapping - capacityKey=1,s,op capacityMultiplier=2,m,op,resource.Quantity deviceMultiplier=3,m,op,resource.Quantity
resource.v1beta1.BasicDeviceNodeAllocatableResourcesOverhead - perPod=1,m,op,resource.Quantity perContainer=2,m,op,resource.Quantity
resource.v1beta1.ResourceSliceSpecSharedCounters - name=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1beta2.DeviceClass - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1beta2.DeviceClassSpec
resource.v1beta2.DeviceClassSpec - selectors=1,m,or,resource.v1alpha3.DeviceSelector config=2,m,or,resource.v1alpha3.DeviceClassConfiguration extendedResourceName=4,s,op
resource.v1beta2.DeviceTaintRule - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,resource.v1beta2.DeviceTaintRuleSpec status=3,m,o,networking.v1alpha1.ServiceCIDRStatus
resource.v1beta2.DeviceTaintRuleSpec - deviceSelector=1,m,op,resource.v1beta2.DeviceTaintRuleSpecDeviceSelector taint=2,m,op,core.v1.Taint
resource.v1beta2.DeviceTaintRuleSpecDeviceSelector - driver=2,s,op pool=3,s,op device=4,s,op
resource.v1beta2.ResourceClaim - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1beta2.ResourceClaimSpec status=3,m,o,resource.v1beta2.ResourceClaimStatus
resource.v1beta2.ResourceClaimStatus - allocation=1,m,op,resource.v1beta2.AllocationResult reservedFor=2,m,or,resource.v1alpha3.ResourceClaimConsumerReference devices=4,m,or,resource.v1beta2.AllocatedDeviceStatus
resource.v1beta2.AllocatedDeviceStatus - driver=1,s, pool=2,s, device=3,s, shareID=7,s,op conditions=4,m,r,meta.v1.Condition data=5,m,o,runtime.RawExtension networkData=6,m,op,resource.v1alpha3.NetworkDeviceData
resource.v1beta2.AllocationResult - devices=1,m,o,resource.v1beta2.DeviceAllocationResult nodeSelector=3,m,op,core.v1.NodeSelector allocationTimestamp=5,m,op,meta.v1.Time
resource.v1beta2.DeviceAllocationResult - results=1,m,or,resource.v1beta2.DeviceRequestAllocationResult config=2,m,or,resource.v1alpha3.DeviceAllocationConfiguration
resource.v1beta2.DeviceRequestAllocationResult - request=1,s, driver=2,s, pool=3,s, device=4,s, adminAccess=5,b,p tolerations=6,m,or,core.v1.Toleration bindingConditions=7,s,or bindingFailureConditions=8,s,or shareID=9,s,op consumedCapacity=10,Mm,o,resource.Quantity skipNodeOperations=11,s,or
resource.v1beta2.ResourceClaimSpec - devices=1,m,,resource.v1beta2.DeviceClaim
resource.v1beta2.DeviceClaim - requests=1,m,r,resource.v1beta2.DeviceRequest constraints=2,m,or,resource.v1beta2.DeviceConstraint config=3,m,or,resource.v1alpha3.DeviceClaimConfiguration
resource.v1beta2.DeviceConstraint - requests=1,s,or matchAttribute=2,s,op distinctAttribute=3,s,op
resource.v1beta2.DeviceRequest - name=1,s, exactly=2,m,op,resource.v1beta2.DeviceRequestExactly firstAvailable=3,m,or,resource.v1beta2.DeviceRequestFirstAvailable
resource.v1beta2.DeviceRequestFirstAvailable - name=1,s,op deviceClassName=2,s,op selectors=3,m,or,resource.v1alpha3.DeviceSelector allocationMode=4,s,op count=5,i,op tolerations=6,m,or,core.v1.Toleration capacity=7,m,op,resource.v1beta2.DeviceRequestFirstAvailableCapacity
resource.v1beta2.DeviceRequestFirstAvailableCapacity - requests=1,Mm,o,resource.Quantity
resource.v1beta2.DeviceRequestExactly - deviceClassName=1,s,op selectors=2,m,or,resource.v1alpha3.DeviceSelector allocationMode=3,s,op count=4,i,op adminAccess=5,b,op tolerations=6,m,or,core.v1.Toleration capacity=7,m,op,resource.v1beta2.DeviceRequestExactlyCapacity
resource.v1beta2.DeviceRequestExactlyCapacity - requests=1,Mm,o,resource.Quantity
resource.v1beta2.ResourceClaimTemplate - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1beta2.ResourceClaimTemplateSpec
resource.v1beta2.ResourceClaimTemplateSpec - metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1beta2.ResourceClaimSpec
resource.v1beta2.ResourceSlice - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,,resource.v1beta2.ResourceSliceSpec
resource.v1beta2.ResourceSliceSpec - driver=1,s, pool=2,m,,resource.v1alpha3.ResourcePool nodeName=3,s,o nodeSelector=4,m,op,core.v1.NodeSelector allNodes=5,b,o devices=6,m,r,resource.v1beta2.Device perDeviceNodeSelection=7,b,op sharedCounters=8,m,or,resource.v1beta2.ResourceSliceSpecSharedCounters partitionTypeAttribute=9,s,op skipNodeOperations=10,s,or
resource.v1beta2.ResourceSliceSpecSharedCounters - name=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1beta2.Device - name=1,s, attributes=2,Mm,o,resource.v1beta2.DeviceAttributes capacity=3,Mm,o,resource.v1beta1.DeviceCapacity consumesCounters=4,m,or,resource.v1beta2.DeviceConsumesCounters nodeName=5,s,op nodeSelector=6,m,op,core.v1.NodeSelector allNodes=7,b,op taints=8,m,or,core.v1.Taint bindsToNode=9,b,op bindingConditions=10,s,or bindingFailureConditions=11,s,or allowMultipleAllocations=12,b,op nodeAllocatableResources=14,Mm,o,resource.v1beta2.DeviceNodeAllocatableResources
resource.v1beta2.DeviceNodeAllocatableResources - mapping=3,m,op,resource.v1beta2.DeviceNodeAllocatableResourcesMapping overhead=4,m,op,resource.v1beta2.DeviceNodeAllocatableResourcesOverhead
resource.v1beta2.DeviceNodeAllocatableResourcesOverhead - perPod=1,m,op,resource.Quantity perContainer=2,m,op,resource.Quantity
resource.v1beta2.DeviceNodeAllocatableResourcesMapping - capacityKey=1,s,op capacityMultiplier=2,m,op,resource.Quantity deviceMultiplier=3,m,op,resource.Quantity
resource.v1beta2.DeviceConsumesCounters - counterSet=1,s,op counters=2,Mm,o,resource.v1beta1.DeviceCapacity
resource.v1beta2.DeviceAttributes - int=2,l,op bool=3,b,op string=4,s,op version=5,s,op ints=6,l,or bools=7,b,or strings=8,s,or versions=9,s,or
scheduling.v1alpha3.CompositePodGroup - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha3.CompositePodGroupSpec status=3,m,op,networking.v1alpha1.ServiceCIDRStatus
scheduling.v1alpha3.CompositePodGroupSpec - parentCompositePodGroupName=1,s,op workloadRef=2,m,op,scheduling.v1alpha3.CompositePodGroupSpecWorkloadRef schedulingPolicy=3,m,op,scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicy schedulingConstraints=4,m,op,scheduling.v1alpha3.CompositePodGroupSpecSchedulingConstraints disruptionMode=5,m,op,scheduling.v1alpha3.CompositePodGroupSpecDisruptionMode priorityClassName=6,s,op priority=7,i,op preemptionPolicy=8,s,op
scheduling.v1alpha3.CompositePodGroupSpecWorkloadRef - workloadName=1,s,op templateName=2,s,op
scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicy - basic=1,m,op,scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicyBasic gang=2,m,op,scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicyGang
scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicyBasic - 
scheduling.v1alpha3.CompositePodGroupSpecSchedulingPolicyGang - minGroupCount=1,i,op
scheduling.v1alpha3.CompositePodGroupSpecSchedulingConstraints - topology=1,m,or,scheduling.v1alpha3.CompositePodGroupSpecSchedulingConstraintsTopology
scheduling.v1alpha3.CompositePodGroupSpecSchedulingConstraintsTopology - key=1,s,op
scheduling.v1alpha3.CompositePodGroupSpecDisruptionMode - single=1,m,op,scheduling.v1alpha3.CompositePodGroupSpecDisruptionModeSingle all=2,m,op,scheduling.v1alpha3.CompositePodGroupSpecDisruptionModeAll
scheduling.v1alpha3.CompositePodGroupSpecDisruptionModeSingle - 
scheduling.v1alpha3.CompositePodGroupSpecDisruptionModeAll - 
scheduling.v1alpha3.PodGroup - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha3.PodGroupSpec status=3,m,op,scheduling.v1alpha3.PodGroupStatus
scheduling.v1alpha3.PodGroupSpec - parentCompositePodGroupName=1,s,op workloadRef=2,m,op,scheduling.v1alpha3.PodGroupSpecWorkloadRef schedulingPolicy=3,m,op,scheduling.v1alpha3.PodGroupSpecSchedulingPolicy schedulingConstraints=4,m,op,scheduling.v1alpha3.PodGroupSpecSchedulingConstraints resourceClaims=5,m,or,scheduling.v1alpha3.PodGroupSpecResourceClaims disruptionMode=6,m,op,scheduling.v1alpha3.PodGroupSpecDisruptionMode priorityClassName=7,s,op priority=8,i,op preemptionPolicy=9,s,op
scheduling.v1alpha3.PodGroupSpecWorkloadRef - workloadName=1,s,op templateName=2,s,op
scheduling.v1alpha3.PodGroupSpecSchedulingPolicy - basic=1,m,op,scheduling.v1alpha3.PodGroupSpecSchedulingPolicyBasic gang=2,m,op,scheduling.v1alpha3.PodGroupSpecSchedulingPolicyGang
scheduling.v1alpha3.PodGroupSpecSchedulingPolicyBasic - 
scheduling.v1alpha3.PodGroupSpecSchedulingPolicyGang - minCount=1,i,op
scheduling.v1alpha3.PodGroupSpecSchedulingConstraints - topology=1,m,or,scheduling.v1alpha3.PodGroupSpecSchedulingConstraintsTopology
scheduling.v1alpha3.PodGroupSpecSchedulingConstraintsTopology - key=1,s,op
scheduling.v1alpha3.PodGroupSpecResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1alpha3.PodGroupSpecDisruptionMode - single=1,m,op,scheduling.v1alpha3.PodGroupSpecDisruptionModeSingle all=2,m,op,scheduling.v1alpha3.PodGroupSpecDisruptionModeAll
scheduling.v1alpha3.PodGroupSpecDisruptionModeSingle - 
scheduling.v1alpha3.PodGroupSpecDisruptionModeAll - 
scheduling.v1alpha3.PodGroupStatus - conditions=1,m,or,meta.v1.Condition resourceClaimStatuses=2,m,or,core.v1.PodResourceClaimStatus
scheduling.v1alpha3.Workload - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha3.WorkloadSpec
scheduling.v1alpha3.WorkloadSpec - controllerRef=1,m,op,core.v1.TypedLocalObjectReference podGroupTemplates=2,m,or,scheduling.v1alpha3.WorkloadSpecPodGroupTemplates compositePodGroupTemplates=3,m,or,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplates
scheduling.v1alpha3.WorkloadSpecPodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingConstraints resourceClaims=4,m,or,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesResourceClaims disruptionMode=5,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionMode priorityClassName=6,s,op priority=7,i,op preemptionPolicy=8,s,op
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicyGang
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicyGang - minCount=1,i,op
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionModeAll
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraints disruptionMode=4,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionMode priorityClassName=5,s,op priority=6,i,op preemptionPolicy=7,s,op podGroupTemplates=8,m,or,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplates
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyGang
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyGang - minGroupCount=1,i,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraints resourceClaims=4,m,or,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesResourceClaims disruptionMode=5,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionMode priorityClassName=6,s,op priority=7,i,op preemptionPolicy=8,s,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyGang
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyGang - minCount=1,i,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha3.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll - 
scheduling.v1beta1.PodGroup - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1beta1.PodGroupSpec status=3,m,op,scheduling.v1beta1.PodGroupStatus
scheduling.v1beta1.PodGroupStatus - conditions=1,m,or,meta.v1.Condition resourceClaimStatuses=2,m,or,core.v1.PodResourceClaimStatus
scheduling.v1beta1.PodGroupSpec - parentCompositePodGroupName=1,s,op workloadRef=2,m,op,scheduling.v1beta1.PodGroupSpecWorkloadRef schedulingPolicy=3,m,op,scheduling.v1beta1.PodGroupSpecSchedulingPolicy schedulingConstraints=4,m,op,scheduling.v1beta1.PodGroupSpecSchedulingConstraints resourceClaims=5,m,or,scheduling.v1beta1.PodGroupSpecResourceClaims disruptionMode=6,m,op,scheduling.v1beta1.PodGroupSpecDisruptionMode priorityClassName=7,s,op priority=8,i,op preemptionPolicy=9,s,op
scheduling.v1beta1.PodGroupSpecDisruptionMode - single=1,m,op,scheduling.v1beta1.PodGroupSpecDisruptionModeSingle all=2,m,op,scheduling.v1beta1.PodGroupSpecDisruptionModeAll
scheduling.v1beta1.PodGroupSpecDisruptionModeAll - 
scheduling.v1beta1.PodGroupSpecDisruptionModeSingle - 
scheduling.v1beta1.PodGroupSpecResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1beta1.PodGroupSpecSchedulingConstraints - topology=1,m,or,scheduling.v1beta1.PodGroupSpecSchedulingConstraintsTopology
scheduling.v1beta1.PodGroupSpecSchedulingConstraintsTopology - key=1,s,op
scheduling.v1beta1.PodGroupSpecSchedulingPolicy - basic=1,m,op,scheduling.v1beta1.PodGroupSpecSchedulingPolicyBasic gang=2,m,op,scheduling.v1beta1.PodGroupSpecSchedulingPolicyGang
scheduling.v1beta1.PodGroupSpecSchedulingPolicyGang - minCount=1,i,op
scheduling.v1beta1.PodGroupSpecSchedulingPolicyBasic - 
scheduling.v1beta1.PodGroupSpecWorkloadRef - workloadName=1,s,op templateName=2,s,op
scheduling.v1beta1.Workload - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1beta1.WorkloadSpec
scheduling.v1beta1.WorkloadSpec - controllerRef=1,m,op,core.v1.TypedLocalObjectReference podGroupTemplates=2,m,or,scheduling.v1beta1.WorkloadSpecPodGroupTemplates compositePodGroupTemplates=3,m,or,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplates
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraints disruptionMode=4,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionMode priorityClassName=5,s,op priority=6,i,op preemptionPolicy=7,s,op podGroupTemplates=8,m,or,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplates
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraints resourceClaims=4,m,or,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesResourceClaims disruptionMode=5,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionMode priorityClassName=6,s,op priority=7,i,op preemptionPolicy=8,s,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll - 
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyGang
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyGang - minCount=1,i,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll - 
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle - 
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyGang
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyGang - minGroupCount=1,i,op
scheduling.v1beta1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1beta1.WorkloadSpecPodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingConstraints resourceClaims=4,m,or,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesResourceClaims disruptionMode=5,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionMode priorityClassName=6,s,op priority=7,i,op preemptionPolicy=8,s,op
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionMode - single=1,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionModeSingle all=2,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionModeAll
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionModeAll - 
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesResourceClaims - name=1,s,op resourceClaimName=2,s,op resourceClaimTemplateName=3,s,op
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingConstraints - topology=1,m,or,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingConstraintsTopology
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingConstraintsTopology - key=1,s,op
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicy - basic=1,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic gang=2,m,op,scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicyGang
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicyGang - minCount=1,i,op
scheduling.v1beta1.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic - 
storage.v1.CSINodeStatus - storageHealth=1,m,or,storage.v1.CSINodeStatusStorageHealth
storage.v1.CSINodeStatusStorageHealth - name=1,s,op healthConditions=2,m,or,storage.v1.CSINodeStatusStorageHealthHealthConditions
storage.v1.CSINodeStatusStorageHealthHealthConditions - status=1,s,op reason=2,s,op message=3,s,op accessMode=4,s,op volumeMode=5,s,op lastTransitionTime=6,m,op,meta.v1.Time
storage.v1.VolumeAttributesClass - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta driverName=2,s, parameters=3,Ms,o
storage.v1beta1.CSINodeStatus - storageHealth=1,m,or,storage.v1beta1.CSINodeStatusStorageHealth
storage.v1beta1.CSINodeStatusStorageHealth - name=1,s,op healthConditions=2,m,or,storage.v1beta1.CSINodeStatusStorageHealthHealthConditions
storage.v1beta1.CSINodeStatusStorageHealthHealthConditions - status=1,s,op reason=2,s,op message=3,s,op accessMode=4,s,op volumeMode=5,s,op lastTransitionTime=6,m,op,meta.v1.Time
storagemigration.v1.StorageVersionMigration - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,storagemigration.v1.StorageVersionMigrationSpec status=3,m,o,storagemigration.v1.StorageVersionMigrationStatus
storagemigration.v1.StorageVersionMigrationStatus - conditions=1,m,or,apiserverinternal.v1alpha1.StorageVersionCondition resourceVersion=2,s,o
storagemigration.v1.StorageVersionMigrationSpec - resource=1,m,,meta.v1.GroupResource
storagemigration.v1beta1.StorageVersionMigration - =0,t,n metadata=1,m,o,meta.v1.ObjectMeta spec=2,m,o,storagemigration.v1beta1.StorageVersionMigrationSpec status=3,m,o,storagemigration.v1beta1.StorageVersionMigrationStatus
storagemigration.v1beta1.StorageVersionMigrationStatus - conditions=1,m,or,apiserverinternal.v1alpha1.StorageVersionCondition resourceVersion=2,s,o
storagemigration.v1beta1.StorageVersionMigrationSpec - resource=1,m,,meta.v1.GroupResource
+meta.v1.ListMeta remainingItemCount shardInfo=5,m,op,meta.v1.ListMetaShardInfo
+core.v1.EmptyDirVolumeSource sizeLimit mode=3,i,op
+core.v1.KeyToPath mode user=4,i,op
+core.v1.SecretVolumeSource optional defaultUser=5,i,op
+core.v1.DownwardAPIVolumeFile mode user=5,i,op
+core.v1.DownwardAPIVolumeSource defaultMode defaultUser=3,i,op
+core.v1.ConfigMapVolumeSource optional defaultUser=5,i,op
+core.v1.ServiceAccountTokenProjection path user=4,i,op
+core.v1.ClusterTrustBundleProjection path user=6,i,op
+core.v1.VolumeProjection clusterTrustBundle podCertificate=6,m,op,core.v1.VolumeProjectionPodCertificate
+core.v1.ProjectedVolumeSource defaultMode defaultUser=3,i,op
+core.v1.EnvVarSource secretKeyRef fileKeyRef=5,m,op,core.v1.EnvVarSourceFileKeyRef
+core.v1.Container restartPolicy restartPolicyRules=25,m,or,core.v1.ContainerRestartPolicyRules
+core.v1.EphemeralContainerCommon restartPolicy restartPolicyRules=25,m,or,core.v1.ContainerRestartPolicyRules
+core.v1.VolumeMount subPathExpr bindMountOptions=8,s,or
+core.v1.HTTPGetAction httpHeaders protocol=6,s,op
+core.v1.GRPCAction service mode=3,s,op
+core.v1.Lifecycle preStop stopSignal=3,s,op
+core.v1.PodSpec resources hostnameOverride=41,s,op
+core.v1.PodSpec hostnameOverride schedulingGroup=43,m,op,core.v1.PodSpecSchedulingGroup
+core.v1.PodSpec schedulingGroup evictionResponders=44,m,or,core.v1.PodSpecEvictionResponders
+apps.v1.DeploymentStatus unavailableReplicas terminatingReplicas=9,i,op
+apps.v1.ReplicaSetStatus availableReplicas terminatingReplicas=7,i,op
+core.v1.PersistentVolumeClaimStatus modifyVolumeStatus healthStatus=10,m,op,core.v1.PersistentVolumeClaimStatusHealthStatus
+apps.v1beta1.DeploymentStatus unavailableReplicas terminatingReplicas=9,i,op
+apps.v1beta2.DeploymentStatus unavailableReplicas terminatingReplicas=9,i,op
+apps.v1beta2.ReplicaSetStatus availableReplicas terminatingReplicas=7,i,op
+authentication.v1.TokenRequestSpec boundObjectRef attestations=5,Mm,o,authentication.v1.ExtraValue
+autoscaling.v2.HPAScalingRules policies tolerance=4,m,op,resource.Quantity
+autoscaling.v2.HorizontalPodAutoscalerCondition message observedGeneration=6,i,op
+batch.v1.JobSpec managedBy scheduling=17,m,op,batch.v1.JobSpecScheduling
+meta.v1.ListOptions sendInitialEvents shardSelector=15,s,op
+core.v1.NodeSpec externalID podPreemptionPolicy=8,m,op,core.v1.NodeSpecPodPreemptionPolicy
+core.v1.NodeSystemInfo architecture swap=11,m,op,core.v1.NodeSystemInfoSwap
+core.v1.NodeStatus features declaredFeatures=14,s,or
+core.v1.PodStatus ^ observedGeneration=17,i,op
+core.v1.PodStatus resourceClaimStatuses extendedResourceClaimStatus=18,m,op,core.v1.PodStatusExtendedResourceClaimStatus
+core.v1.PodStatus extendedResourceClaimStatus allocatedResources=19,Mm,o,resource.Quantity
+core.v1.PodStatus allocatedResources resources=20,m,op,core.v1.ResourceRequirements
+core.v1.PodStatus resources nodeAllocatableResourceClaimStatuses=21,m,or,core.v1.PodStatusNodeAllocatableResourceClaimStatuses
+core.v1.PodStatus nodeAllocatableResourceClaimStatuses volumeHealth=22,m,or,core.v1.PodStatusVolumeHealth
+core.v1.PodCondition type observedGeneration=7,i,op
+core.v1.VolumeMountStatus recursiveReadOnly volumeStatus=5,m,op,core.v1.VolumeMountStatusVolumeStatus
+core.v1.ResourceHealth health message=6,s,op
+core.v1.ContainerStatus allocatedResourcesStatus stopSignal=15,s,op
+discovery.v1.EndpointHints forZones forNodes=2,m,or,discovery.v1.ForZone
+discovery.v1beta1.EndpointHints forZones forNodes=2,m,or,discovery.v1.ForZone
+extensions.v1beta1.DeploymentStatus unavailableReplicas terminatingReplicas=9,i,op
+extensions.v1beta1.ReplicaSetStatus availableReplicas terminatingReplicas=7,i,op
+resource.v1beta1.DeviceClassSpec config extendedResourceName=4,s,op
+resource.v1beta1.DeviceRequest adminAccess firstAvailable=7,m,or,resource.v1beta1.DeviceRequestFirstAvailable
+resource.v1beta1.DeviceRequest firstAvailable tolerations=8,m,or,core.v1.Toleration
+resource.v1beta1.DeviceRequest tolerations capacity=9,m,op,resource.v1beta1.DeviceRequestCapacity
+resource.v1beta1.DeviceConstraint matchAttribute distinctAttribute=3,s,op
+resource.v1beta1.DeviceRequestAllocationResult adminAccess tolerations=6,m,or,core.v1.Toleration
+resource.v1beta1.DeviceRequestAllocationResult tolerations bindingConditions=7,s,or
+resource.v1beta1.DeviceRequestAllocationResult bindingConditions bindingFailureConditions=8,s,or
+resource.v1beta1.DeviceRequestAllocationResult bindingFailureConditions shareID=9,s,op
+resource.v1beta1.DeviceRequestAllocationResult shareID consumedCapacity=10,Mm,o,resource.Quantity
+resource.v1beta1.DeviceRequestAllocationResult consumedCapacity skipNodeOperations=11,s,or
+resource.v1beta1.AllocationResult nodeSelector allocationTimestamp=5,m,op,meta.v1.Time
+resource.v1beta1.AllocatedDeviceStatus device shareID=7,s,op
+resource.v1beta1.BasicDevice capacity consumesCounters=3,m,or,resource.v1beta1.BasicDeviceConsumesCounters
+resource.v1beta1.BasicDevice consumesCounters nodeName=4,s,op
+resource.v1beta1.BasicDevice nodeName nodeSelector=5,m,op,core.v1.NodeSelector
+resource.v1beta1.BasicDevice nodeSelector allNodes=6,b,op
+resource.v1beta1.BasicDevice allNodes taints=7,m,or,core.v1.Taint
+resource.v1beta1.BasicDevice taints bindsToNode=8,b,op
+resource.v1beta1.BasicDevice bindsToNode bindingConditions=9,s,or
+resource.v1beta1.BasicDevice bindingConditions bindingFailureConditions=10,s,or
+resource.v1beta1.BasicDevice bindingFailureConditions allowMultipleAllocations=11,b,op
+resource.v1beta1.BasicDevice allowMultipleAllocations nodeAllocatableResources=14,Mm,o,resource.v1beta1.BasicDeviceNodeAllocatableResources
+resource.v1beta1.ResourceSliceSpec devices perDeviceNodeSelection=7,b,op
+resource.v1beta1.ResourceSliceSpec perDeviceNodeSelection sharedCounters=8,m,or,resource.v1beta1.ResourceSliceSpecSharedCounters
+resource.v1beta1.ResourceSliceSpec sharedCounters partitionTypeAttribute=9,s,op
+resource.v1beta1.ResourceSliceSpec partitionTypeAttribute skipNodeOperations=10,s,or
+storage.v1.CSIDriverSpec seLinuxMount nodeAllocatableUpdatePeriodSeconds=9,l,op
+storage.v1.CSIDriverSpec nodeAllocatableUpdatePeriodSeconds serviceAccountTokenInSecrets=10,b,op
+storage.v1.CSIDriverSpec serviceAccountTokenInSecrets preventPodSchedulingIfMissing=11,b,op
+storage.v1.CSINode spec status=3,m,op,storage.v1.CSINodeStatus
+storage.v1.VolumeError message errorCode=3,i,op
+storage.v1alpha1.VolumeError message errorCode=3,i,op
+storage.v1beta1.CSIDriverSpec seLinuxMount nodeAllocatableUpdatePeriodSeconds=9,l,op
+storage.v1beta1.CSIDriverSpec nodeAllocatableUpdatePeriodSeconds serviceAccountTokenInSecrets=10,b,op
+storage.v1beta1.CSIDriverSpec serviceAccountTokenInSecrets preventPodSchedulingIfMissing=11,b,op
+storage.v1beta1.CSINode spec status=3,m,op,storage.v1beta1.CSINodeStatus
+storage.v1beta1.VolumeError message errorCode=3,i,op
# Kubernetes v1.36.0
resource.v1.DeviceNodeAllocatableResourceMappings - capacityKey=1,s,op allocationMultiplier=2,m,op,resource.Quantity
resource.v1beta1.BasicDeviceNodeAllocatableResourceMappings - capacityKey=1,s,op allocationMultiplier=2,m,op,resource.Quantity
resource.v1beta2.DeviceNodeAllocatableResourceMappings - capacityKey=1,s,op allocationMultiplier=2,m,op,resource.Quantity
scheduling.v1alpha2.PodGroup - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha2.PodGroupSpec status=3,m,op,scheduling.v1alpha3.PodGroupStatus
scheduling.v1alpha2.PodGroupSpec - podGroupTemplateRef=1,m,op,scheduling.v1alpha2.PodGroupSpecPodGroupTemplateRef schedulingPolicy=3,m,op,scheduling.v1alpha2.PodGroupSpecSchedulingPolicy schedulingConstraints=4,m,op,scheduling.v1alpha2.PodGroupSpecSchedulingConstraints resourceClaims=5,m,or,scheduling.v1alpha2.PodGroupSpecResourceClaims disruptionMode=2,y,op priorityClassName=6,s,op priority=7,i,op
scheduling.v1alpha2.PodGroupSpecDisruptionModeAll - 
scheduling.v1alpha2.PodGroupSpecDisruptionModeSingle - 
scheduling.v1alpha2.PodGroupSpecResourceClaims - 
scheduling.v1alpha2.PodGroupSpecSchedulingConstraints - topology=1,m,or,scheduling.v1alpha2.PodGroupSpecSchedulingConstraintsTopology
scheduling.v1alpha2.PodGroupSpecSchedulingConstraintsTopology - 
scheduling.v1alpha2.PodGroupSpecSchedulingPolicy - basic=1,m,op,scheduling.v1alpha2.PodGroupSpecSchedulingPolicyBasic
scheduling.v1alpha2.PodGroupSpecSchedulingPolicyBasic - 
scheduling.v1alpha2.PodGroupSpecPodGroupTemplateRef - workload=1,m,op,scheduling.v1alpha2.PodGroupSpecPodGroupTemplateRefWorkload
scheduling.v1alpha2.PodGroupSpecPodGroupTemplateRefWorkload - workloadName=1,s,op podGroupTemplateName=2,s,op
scheduling.v1alpha2.Workload - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha2.WorkloadSpec
scheduling.v1alpha2.WorkloadSpec - controllerRef=1,m,op,core.v1.TypedLocalObjectReference podGroupTemplates=2,m,or,scheduling.v1alpha2.WorkloadSpecPodGroupTemplates
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha2.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha2.WorkloadSpecPodGroupTemplates - name=1,s,op schedulingPolicy=2,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingPolicy schedulingConstraints=3,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesSchedulingConstraints resourceClaims=4,m,or,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesResourceClaims disruptionMode=5,m,op,scheduling.v1alpha3.WorkloadSpecPodGroupTemplatesDisruptionMode priorityClassName=6,s,op priority=7,i,op
scheduling.v1alpha2.WorkloadSpecPodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha2.WorkloadSpecPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha2.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic - 
+core.v1.PodStatusNodeAllocatableResourceClaimStatuses containers resources=3,Mm,o,resource.Quantity
+resource.v1.Device allowMultipleAllocations nodeAllocatableResourceMappings=13,Mm,o,resource.v1.DeviceNodeAllocatableResourceMappings
+resource.v1beta1.BasicDevice allowMultipleAllocations nodeAllocatableResourceMappings=12,Mm,o,resource.v1beta1.BasicDeviceNodeAllocatableResourceMappings
+resource.v1beta2.Device allowMultipleAllocations nodeAllocatableResourceMappings=13,Mm,o,resource.v1beta2.DeviceNodeAllocatableResourceMappings
# Kubernetes v1.35.0
core.v1.PodSpecWorkloadRef - name=1,s,op podGroup=2,s,op podGroupReplicaKey=3,s,op
scheduling.v1alpha1.Workload - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,scheduling.v1alpha1.WorkloadSpec
scheduling.v1alpha1.WorkloadSpec - controllerRef=1,m,op,core.v1.TypedLocalObjectReference podGroups=2,m,or,scheduling.v1alpha1.WorkloadSpecPodGroups
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha1.WorkloadSpecCompositePodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha1.WorkloadSpecPodGroupTemplatesDisruptionModeAll - 
scheduling.v1alpha1.WorkloadSpecPodGroupTemplatesDisruptionModeSingle - 
scheduling.v1alpha1.WorkloadSpecPodGroupTemplatesSchedulingPolicyBasic - 
scheduling.v1alpha1.WorkloadSpecPodGroups - name=1,s,op policy=3,m,op,scheduling.v1alpha1.WorkloadSpecPodGroupsPolicy
scheduling.v1alpha1.WorkloadSpecPodGroupsPolicy - basic=2,m,op,scheduling.v1alpha1.WorkloadSpecPodGroupsPolicyBasic gang=3,m,op,scheduling.v1alpha3.PodGroupSpecSchedulingPolicyGang
scheduling.v1alpha1.WorkloadSpecPodGroupsPolicyBasic - 
+core.v1.PodSpec hostnameOverride workloadRef=42,m,op,core.v1.PodSpecWorkloadRef
# Kubernetes v1.34.0
certificates.v1alpha1.PodCertificateRequest - =0,t,n metadata=1,m,op,meta.v1.ObjectMeta spec=2,m,op,certificates.v1alpha1.PodCertificateRequestSpec status=3,m,op,certificates.v1.PodCertificateRequestStatus
certificates.v1alpha1.PodCertificateRequestSpec - signerName=1,s,op podName=2,s,op podUID=3,s,op serviceAccountName=4,s,op serviceAccountUID=5,s,op nodeName=6,s,op nodeUID=7,s,op maxExpirationSeconds=8,l,op pkixPublicKey=9,y,op proofOfPossession=10,y,op
+resource.v1alpha3.DeviceTaintRuleSpecDeviceSelector ^ deviceClassName=1,s,op
+resource.v1alpha3.DeviceTaintRuleSpecDeviceSelector device selectors=5,m,or,resource.v1alpha3.DeviceSelector
# Kubernetes v1.33.0
resource.v1alpha3.DeviceRequestFirstAvailable - name=1,s,op deviceClassName=2,s,op selectors=3,m,or,resource.v1alpha3.DeviceSelector allocationMode=4,s,op count=5,i,op tolerations=7,m,or,core.v1.Toleration
+resource.v1alpha3.DeviceRequest adminAccess firstAvailable=7,m,or,resource.v1alpha3.DeviceRequestFirstAvailable
+resource.v1alpha3.DeviceRequest firstAvailable tolerations=8,m,or,core.v1.Toleration
+resource.v1alpha3.DeviceRequestAllocationResult adminAccess tolerations=6,m,or,core.v1.Toleration
+resource.v1alpha3.BasicDevice capacity consumesCounters=3,m,or,resource.v1beta1.BasicDeviceConsumesCounters
+resource.v1alpha3.BasicDevice consumesCounters nodeName=4,s,op
+resource.v1alpha3.BasicDevice nodeName nodeSelector=5,m,op,core.v1.NodeSelector
+resource.v1alpha3.BasicDevice nodeSelector allNodes=6,b,op
+resource.v1alpha3.BasicDevice allNodes taints=7,m,or,core.v1.Taint
+resource.v1alpha3.ResourceSliceSpec devices perDeviceNodeSelection=7,b,op
+resource.v1alpha3.ResourceSliceSpec perDeviceNodeSelection sharedCounters=8,m,or,resource.v1.ResourceSliceSpecSharedCounters
# Reviewed by hand against the HEAD fixtures' protobuf bytes.
resource.v1.CapacityRequestPolicyRange - min=1,m,op,resource.Quantity max=2,m,op,resource.Quantity step=3,m,op,resource.Quantity
resource.v1.CapacityRequestPolicy - default=1,m,op,resource.Quantity validValues=3,m,or,resource.Quantity validRange=4,m,op,resource.v1.CapacityRequestPolicyRange
+resource.v1beta1.DeviceCapacity value requestPolicy=2,m,op,resource.v1.CapacityRequestPolicy
+resource.v1beta1.DeviceAttribute version ints=6,l,or bools=7,b,or strings=8,s,or versions=9,s,or
"""#
}
