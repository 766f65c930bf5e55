{{/* HorizontalPodAutoscaler of a component: (dict "root" $ "component" "api" "values" .Values.api) */}}
{{- define "gennai.hpa" -}}
{{- if .values.autoscaling.enabled }}
{{- $name := printf "%s-%s" (include "gennai.fullname" .root) .component }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "gennai.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
    {{- if .values.autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetMemoryUtilizationPercentage }}
    {{- end }}
{{- end }}
{{- end }}

{{/* PodDisruptionBudget of a component, only when 2 or more of its pods run (with one it would block drains). */}}
{{- define "gennai.pdb" -}}
{{- if and .values.podDisruptionBudget.enabled (ge (int (include "gennai.minReplicas" .values)) 2) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ printf "%s-%s" (include "gennai.fullname" .root) .component }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "gennai.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "gennai.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end }}
{{- end }}
