{{/*
Extra files in the API pods: gateway.credentialFiles (Secrets mounted read-only, for provider credentials of kind
file) and api.extraVolumes / api.extraVolumeMounts. The schema checks each entry's shape; the checks that need
several values at once (a mount naming a volume, paths that collide or hide the app) live here, so a bad entry
fails the render with a message naming it.
*/}}

{{/*
Paths the API image needs as they are: /tmp (the writable emptyDir) and /app (the image's WORKDIR in
apps/api/Dockerfile: the code and node_modules). A mount at, above or below one of them is refused ("/" on its own
too, as it hides everything).
*/}}
{{- define "gennai.api.reservedPaths" -}}
{{- toJson (list "/tmp" "/app") }}
{{- end }}

{{/*
Volume and mount of each gateway.credentialFiles entry (JSON list of {where, volume, mount}). Files are 0440
(288 in decimal, so every YAML reader agrees) and belong to the pod's fsGroup, which every process in the pod holds
as a supplementary group: the API reads them, other users on the node do not. The mount is a directory, never a
subPath, so the kubelet refreshes the files when the Secret changes (the API still reads them only when it builds
its catalogue).
*/}}
{{- define "gennai.api.credentialFileVolumes" -}}
{{- $entries := list }}
{{- range $index, $file := .Values.gateway.credentialFiles }}
{{- $where := printf "gateway.credentialFiles[%d] (%s)" $index $file.secretName }}
{{- if not $.Values.podSecurityContext.fsGroup }}
{{- fail (printf "%s: podSecurityContext.fsGroup is required: credential files are mode 0440 and readable through the pod's fsGroup" $where) }}
{{- end }}
{{- $name := printf "gateway-credentials-%d" $index }}
{{- $secret := dict "secretName" $file.secretName "defaultMode" 288 }}
{{- with $file.items }}{{ $_ := set $secret "items" . }}{{ end }}
{{- $entries = append $entries (dict
  "where" $where
  "volume" (dict "name" $name "secret" $secret)
  "mount" (dict "name" $name "mountPath" $file.mountPath "readOnly" true)) }}
{{- end }}
{{- toJson $entries }}
{{- end }}

{{/*
Fails unless mountPath is absolute, written plainly (no "..", ".", "//" or trailing "/"), and keeps clear of the
reserved paths. (dict "where" "api.extraVolumeMounts[0] (name)" "path" "/var/run/…" "reserved" (list …))
*/}}
{{- define "gennai.checkMountPath" -}}
{{- if not (isAbs .path) }}
{{- fail (printf "%s: mountPath %q must be an absolute path, e.g. /var/run/secrets/gennai/<name>" .where .path) }}
{{- end }}
{{- if ne (clean .path) .path }}
{{- fail (printf "%s: mountPath %q must be written plainly, as %q" .where .path (clean .path)) }}
{{- end }}
{{- if eq .path "/" }}
{{- fail (printf "%s: mountPath \"/\" would hide the whole image" .where) }}
{{- end }}
{{- range .reserved }}
{{- if or (eq $.path .) (hasPrefix (printf "%s/" .) $.path) (hasPrefix (printf "%s/" $.path) .) }}
{{- fail (printf "%s: mountPath %q would shadow %s, which the API needs; use a path of its own such as /var/run/secrets/gennai/<name>" $.where $.path .) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Every extra volume and mount of the API pod, checked (JSON {volumes, mounts}): the credential files first, then
api.extraVolumes / api.extraVolumeMounts. A mount without readOnly is made read-only: the API writes only to /tmp,
and a credential it could overwrite is one an attacker in the process could replace.
*/}}
{{- define "gennai.api.extraVolumes" -}}
{{- $reserved := include "gennai.api.reservedPaths" . | fromJsonArray }}
{{- $volumes := list }}
{{- $mounts := list }}
{{- $volumeWhere := dict "tmp" "the chart's /tmp volume" }}
{{- $mountWhere := dict "/tmp" "the chart's /tmp volume" }}
{{- range $file := include "gennai.api.credentialFileVolumes" . | fromJsonArray }}
{{- $path := $file.mount.mountPath }}
{{- include "gennai.checkMountPath" (dict "where" $file.where "path" $path "reserved" $reserved) }}
{{- with get $mountWhere $path }}{{ fail (printf "%s: mountPath %q is already used by %s" $file.where $path .) }}{{ end }}
{{- $_ := set $volumeWhere $file.volume.name $file.where }}
{{- $_ = set $mountWhere $path $file.where }}
{{- $volumes = append $volumes $file.volume }}
{{- $mounts = append $mounts $file.mount }}
{{- end }}
{{- $extraNames := list }}
{{- range $index, $volume := .Values.api.extraVolumes }}
{{- $where := printf "api.extraVolumes[%d] (%s)" $index $volume.name }}
{{- with get $volumeWhere $volume.name }}{{ fail (printf "%s: volume name %q is already used by %s" $where $volume.name .) }}{{ end }}
{{- $_ := set $volumeWhere $volume.name $where }}
{{- $extraNames = append $extraNames $volume.name }}
{{- $volumes = append $volumes $volume }}
{{- end }}
{{- range $index, $given := .Values.api.extraVolumeMounts }}
{{- $where := printf "api.extraVolumeMounts[%d] (%s)" $index $given.name }}
{{- if not (has $given.name $extraNames) }}
{{- fail (printf "%s: no volume named %q in api.extraVolumes; add it there (names: %s)" $where $given.name (join ", " $extraNames | default "none")) }}
{{- end }}
{{- include "gennai.checkMountPath" (dict "where" $where "path" $given.mountPath "reserved" $reserved) }}
{{- with get $mountWhere $given.mountPath }}{{ fail (printf "%s: mountPath %q is already used by %s" $where $given.mountPath .) }}{{ end }}
{{- $_ := set $mountWhere $given.mountPath $where }}
{{- $mount := deepCopy $given }}
{{- if not (hasKey $mount "readOnly") }}{{ $_ = set $mount "readOnly" true }}{{ end }}
{{- $mounts = append $mounts $mount }}
{{- end }}
{{- toJson (dict "volumes" $volumes "mounts" $mounts) }}
{{- end }}
