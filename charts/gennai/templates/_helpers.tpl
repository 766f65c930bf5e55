{{/* Names ------------------------------------------------------------------------------------- */}}

{{- define "gennai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-gennai, shortened to fit the 63-character name limit with room for a suffix. */}}
{{- define "gennai.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gennai.api.fullname" -}}{{ include "gennai.fullname" . }}-api{{- end }}
{{- define "gennai.web.fullname" -}}{{ include "gennai.fullname" . }}-web{{- end }}

{{- define "gennai.api.serviceAccountName" -}}
{{- if .Values.api.serviceAccount.create }}
{{- default (include "gennai.api.fullname" .) .Values.api.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.api.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Labels ------------------------------------------------------------------------------------ */}}

{{- define "gennai.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "gennai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gennai
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "api") */}}
{{- define "gennai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gennai.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "gennai.componentLabels" -}}
{{ include "gennai.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Images ------------------------------------------------------------------------------------ */}}

{{/* repository:tag, or repository@digest when a digest pins it. Argument: (dict "root" $ "image" .Values.api.image) */}}
{{- define "gennai.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{/* Settings ---------------------------------------------------------------------------------- */}}

{{/* Fails with one clear message when the database is not configured. */}}
{{- define "gennai.database.check" -}}
{{- if not (or .Values.database.url .Values.database.existingSecret) }}
{{- fail "database.url or database.existingSecret is required: Gennai needs an external PostgreSQL (set --set database.existingSecret=<secret> or database.url=postgres://…)" }}
{{- end }}
{{- if and .Values.database.url (not .Values.database.existingSecret) (not (regexMatch "^postgres(ql)?://" .Values.database.url)) }}
{{- fail "database.url must start with postgres:// or postgresql://" }}
{{- end }}
{{- end }}

{{/* Name and key of the Secret the API reads DATABASE_URL from. */}}
{{- define "gennai.database.secretName" -}}
{{- default (include "gennai.api.fullname" .) .Values.database.existingSecret }}
{{- end }}
{{- define "gennai.database.secretKey" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecretKey }}{{ else }}DATABASE_URL{{ end }}
{{- end }}

{{- define "gennai.keycloak.url" -}}
{{- $url := required "keycloak.url is required: the public base URL of your Keycloak, e.g. https://id.example.go.jp" .Values.keycloak.url }}
{{- if not (regexMatch "^https?://[^/]+" $url) }}
{{- fail "keycloak.url must be an http(s) URL, e.g. https://id.example.go.jp" }}
{{- end }}
{{- trimSuffix "/" $url }}
{{- end }}

{{- define "gennai.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- trimSuffix "/" .Values.publicUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- else }}
{{- fail "publicUrl is required when ingress.enabled=false or ingress.host is empty: the URL users open, e.g. https://gennai.example.go.jp" }}
{{- end }}
{{- end }}

{{/* API environment variables the chart always sets (JSON list). */}}
{{- define "gennai.api.fixedEnv" -}}
{{- toJson (list "NODE_ENV" "PORT" "LOG_LEVEL" "DATABASE_URL" "DATABASE_POOL_SIZE" "DATABASE_SSL" "KEYCLOAK_URL" "KEYCLOAK_REALM" "KEYCLOAK_API_CLIENT" "KEYCLOAK_WEB_CLIENT" "GENNAI_PUBLIC_URL" "GENNAI_DEV_IDENTITY" "GENNAI_DEMO_MODEL" "GENNAI_MODELS" "GENNAI_UPSTREAM_TIMEOUT_MS" "GENNAI_MAX_MESSAGE_CHARS" "GENNAI_ARENA_DAILY_BATTLES" "GENNAI_ARENA_DEMO_MODELS" "GENNAI_WEB_DIST" "GENNAI_SECRET_KEY" "GENNAI_VENDOR_PSEUDONYM_KEY" "GENNAI_UPSTREAM_CONNECT_TIMEOUT_MS" "GENNAI_FIRST_TOKEN_TIMEOUT_MS" "GENNAI_RETRY_MAX_ATTEMPTS" "GENNAI_RETRY_BASE_DELAY_MS" "GENNAI_CIRCUIT_FAILURE_THRESHOLD" "GENNAI_CIRCUIT_COOLDOWN_MS" "GENNAI_CATALOG_REFRESH_MS" "GENNAI_DEFAULT_INFORMATION_CLASS" "GENNAI_QUOTA_TIME_ZONE" "GENNAI_RATE_LIMIT_PER_MINUTE" "GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE" "GENNAI_USAGE_FLUSH_MS" "GENNAI_USAGE_BATCH_SIZE") }}
{{- end }}

{{/* Values to use instead of an api.extraEnv entry that names a variable the chart sets (JSON object). */}}
{{- define "gennai.api.envHints" -}}
{{- toJson (dict "DATABASE_URL" "database.existingSecret or database.url" "GENNAI_SECRET_KEY" "gateway.existingSecret or gateway.secretKey" "GENNAI_VENDOR_PSEUDONYM_KEY" "vendorExport.existingSecret or vendorExport.pseudonymKey" "GENNAI_MODELS" "models" "GENNAI_UPSTREAM_TIMEOUT_MS" "api.upstreamTimeoutMs") }}
{{- end }}

{{/*
The model API keys the chart passes to the API (JSON list), in values order: each model's own key, then its
deployments' keys. An item is {env, where, secretName, secretKey} for a key in an existing Secret (apiKeySecret)
or {env, where, inline} for a key given as a value (kept in the chart's Secret under the name env). A variable
given the same source twice (two deployments sharing one key) is listed once. Fails with a message naming the
entry when a key has no apiKeyEnv, has two sources, or its variable is fed from two different sources or is one
the chart sets itself.
*/}}
{{- define "gennai.api.modelKeys" -}}
{{- $fixed := include "gennai.api.fixedEnv" . | fromJsonArray }}
{{- $keys := list }}
{{- $sources := dict }}
{{- range $model := .Values.models }}
{{- $entries := list (dict "where" (printf "models[%s]" $model.id) "spec" $model) }}
{{- range $index, $deployment := $model.deployments }}
{{- $entries = append $entries (dict "where" (printf "models[%s].deployments[%d]" $model.id $index) "spec" $deployment) }}
{{- end }}
{{- range $entries }}
{{- $spec := .spec }}
{{- if and (or $spec.apiKey $spec.apiKeySecret) (not $spec.apiKeyEnv) }}{{ fail (printf "%s.apiKeyEnv is required when the model has apiKey or apiKeySecret" .where) }}{{ end }}
{{- if and $spec.apiKey $spec.apiKeySecret }}{{ fail (printf "%s: set apiKey or apiKeySecret, not both" .where) }}{{ end }}
{{- if and $spec.apiKeyEnv (has $spec.apiKeyEnv $fixed) }}{{ fail (printf "%s.apiKeyEnv %q is already used" .where $spec.apiKeyEnv) }}{{ end }}
{{- if or $spec.apiKey $spec.apiKeySecret }}
{{- $source := ternary (printf "value:%s" (sha256sum (toString $spec.apiKey))) (printf "secret:%s/%s" (dig "name" "" ($spec.apiKeySecret | default dict)) (dig "key" "" ($spec.apiKeySecret | default dict))) (not (empty $spec.apiKey)) }}
{{- $seen := get $sources $spec.apiKeyEnv }}
{{- if and $seen (ne $seen $source) }}{{ fail (printf "%s.apiKeyEnv %q is already used" .where $spec.apiKeyEnv) }}{{ end }}
{{- if not $seen }}
{{- $_ := set $sources $spec.apiKeyEnv $source }}
{{- if $spec.apiKeySecret }}
{{- $keys = append $keys (dict "env" $spec.apiKeyEnv "where" .where "secretName" $spec.apiKeySecret.name "secretKey" $spec.apiKeySecret.key) }}
{{- else }}
{{- $keys = append $keys (dict "env" $spec.apiKeyEnv "where" .where "inline" $spec.apiKey) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $keys }}
{{- end }}

{{/* Every API environment variable the chart sets, model keys included; extraEnv may not repeat them. */}}
{{- define "gennai.api.reservedEnv" -}}
{{- $names := include "gennai.api.fixedEnv" . | fromJsonArray }}
{{- range include "gennai.api.modelKeys" . | fromJsonArray }}{{ $names = append $names .env }}{{ end }}
{{- toJson $names }}
{{- end }}

{{/*
Checks the models list and the API's extraEnv: unique ids, either one endpoint or deployments per model,
fallbacks that exist, the key sources (gennai.api.modelKeys), and no extraEnv name set twice or set by the chart.
Variables named by apiKeyEnv without a source in the values may come from api.extraEnv or api.extraEnvFrom.
*/}}
{{- define "gennai.api.checkEnv" -}}
{{- $ids := list "demo" }}
{{- range .Values.models }}
{{- if has .id $ids }}{{ fail (printf "models: duplicate model id %q (\"demo\" is reserved)" .id) }}{{ end }}
{{- $ids = append $ids .id }}
{{- if .deployments }}
{{- $single := pick . "baseUrl" "model" "apiKeyEnv" "apiKeySecret" "apiKey" }}
{{- if $single }}{{ fail (printf "models[%s]: with deployments, set %s on each deployment instead of on the model" .id (keys $single | sortAlpha | join ", ")) }}{{ end }}
{{- else if not .model }}
{{- fail (printf "models[%s].model is required (the model name sent upstream), or give deployments" .id) }}
{{- end }}
{{- end }}
{{- range $model := .Values.models }}
{{- range $model.fallbackModelIds }}
{{- if not (has . $ids) }}{{ fail (printf "models[%s].fallbackModelIds: %q is neither in models nor \"demo\"" $model.id .) }}{{ end }}
{{- end }}
{{- end }}
{{- $_ := include "gennai.api.modelKeys" . }}
{{- include "gennai.checkExtraEnv" (dict "extraEnv" .Values.api.extraEnv "reserved" (include "gennai.api.reservedEnv" . | fromJsonArray) "hints" (include "gennai.api.envHints" . | fromJson) "path" "api.extraEnv") }}
{{- end }}

{{/*
Fails when extraEnv repeats a name or sets one the chart manages.
(dict "extraEnv" … "reserved" … "path" … ["hints" {name: values key to use instead}])
*/}}
{{- define "gennai.checkExtraEnv" -}}
{{- $seen := list }}
{{- range .extraEnv }}
{{- if has .name $.reserved }}{{ fail (printf "%s: %s is set by the chart; use %s instead" $.path .name (get ($.hints | default dict) .name | default "its value")) }}{{ end }}
{{- if has .name $seen }}{{ fail (printf "%s: %s is listed twice" $.path .name) }}{{ end }}
{{- $seen = append $seen .name }}
{{- end }}
{{- end }}

{{/* Name and key of the Secret the API reads GENNAI_SECRET_KEY from (only when gateway.secretKey or existingSecret is set). */}}
{{- define "gennai.gateway.secretName" -}}
{{- default (include "gennai.api.fullname" .) .Values.gateway.existingSecret }}
{{- end }}
{{- define "gennai.gateway.secretKey" -}}
{{- if .Values.gateway.existingSecret }}{{ .Values.gateway.existingSecretKey }}{{ else }}GENNAI_SECRET_KEY{{ end }}
{{- end }}

{{/* Name and key of the Secret the API reads GENNAI_VENDOR_PSEUDONYM_KEY from (only when vendorExport.pseudonymKey or existingSecret is set). */}}
{{- define "gennai.vendorExport.secretName" -}}
{{- default (include "gennai.api.fullname" .) .Values.vendorExport.existingSecret }}
{{- end }}
{{- define "gennai.vendorExport.secretKey" -}}
{{- if .Values.vendorExport.existingSecret }}{{ .Values.vendorExport.existingSecretKey }}{{ else }}GENNAI_VENDOR_PSEUDONYM_KEY{{ end }}
{{- end }}

{{/* True when the chart's own Secret has content (a database URL, the encryption key or a model key given as a value). */}}
{{- define "gennai.api.hasSecret" -}}
{{- $inline := false }}
{{- range include "gennai.api.modelKeys" . | fromJsonArray }}{{ if hasKey . "inline" }}{{ $inline = true }}{{ end }}{{ end }}
{{- if and .Values.gateway.secretKey (not .Values.gateway.existingSecret) }}{{ $inline = true }}{{ end }}
{{- if and .Values.vendorExport.pseudonymKey (not .Values.vendorExport.existingSecret) }}{{ $inline = true }}{{ end }}
{{- if or (not .Values.database.existingSecret) $inline }}true{{ end }}
{{- end }}

{{/* GENNAI_MODELS: the models as given, without their key material (on the model or on its deployments). */}}
{{- define "gennai.api.modelsJson" -}}
{{- $models := list }}
{{- range .Values.models }}
{{- $model := omit . "apiKey" "apiKeySecret" }}
{{- if .deployments }}
{{- $deployments := list }}
{{- range .deployments }}{{ $deployments = append $deployments (omit . "apiKey" "apiKeySecret") }}{{ end }}
{{- $_ := set $model "deployments" $deployments }}
{{- end }}
{{- $models = append $models $model }}
{{- end }}
{{- toJson $models }}
{{- end }}

{{/* Pod pieces -------------------------------------------------------------------------------- */}}

{{- define "gennai.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "gennai.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end }}

{{/* Scheduling settings of a component: (dict "root" $ "component" "api" "values" .Values.api) */}}
{{- define "gennai.scheduling" -}}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .values.topologySpreadConstraints }}
{{- $constraints := list }}
{{- range .values.topologySpreadConstraints }}
{{- $constraint := deepCopy . }}
{{- if not $constraint.labelSelector }}
{{- $_ := set $constraint "labelSelector" (dict "matchLabels" (include "gennai.selectorLabels" (dict "root" $.root "component" $.component) | fromYaml)) }}
{{- end }}
{{- $constraints = append $constraints $constraint }}
{{- end }}
topologySpreadConstraints:
  {{- toYaml $constraints | nindent 2 }}
{{- end }}
{{- end }}

{{/* Pods that run at least: replicaCount, or autoscaling.minReplicas when autoscaling. */}}
{{- define "gennai.minReplicas" -}}
{{- if .autoscaling.enabled }}{{ .autoscaling.minReplicas }}{{ else }}{{ .replicaCount }}{{ end }}
{{- end }}
