# Loads the build of CallbellPS that fits this PowerShell: net8.0 for PowerShell 7.4+, and
# netstandard2.0 (with its own System.Text.Json) for Windows PowerShell 5.1. Where build.ps1 left
# the same assemblies precompiled for this .NET and platform (net10.0-linux-x64), those: the first
# command then compiles little at run time. CALLBELL_NO_PRECOMPILED=1 keeps to net8.0.
# $IsCoreCLR and the runtime's version, not $PSVersionTable: its first use costs a new session
# about 10 ms, and this runs in every import. PowerShell 7.4 is the first on .NET 8.
if ($IsCoreCLR) {
    $dotnet = [Environment]::Version.Major
    if ($dotnet -lt 8) {
        throw "CallbellPS needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
    }
    $framework = 'net8.0'
    # Named after the runtime it was compiled for: another .NET would not use its native code, and
    # another platform cannot load it at all.
    $precompiled = 'net' + $dotnet + '.0-' + [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    if ($env:CALLBELL_NO_PRECOMPILED -ne '1' -and [IO.Path]::Exists([IO.Path]::Combine($PSScriptRoot, $precompiled, 'Callbell.PowerShell.dll'))) {
        $framework = $precompiled
    }
}
else {
    $framework = 'netstandard2.0'
}

$binaryModule = Import-Module -Name ([IO.Path]::Combine($PSScriptRoot, $framework, 'Callbell.PowerShell.dll')) -PassThru -ErrorAction Stop

# Remove-Module Callbell also unloads the cmdlets (and the emulator's, if they were loaded).
$ExecutionContext.SessionState.Module.OnRemove = {
    Remove-Module -ModuleInfo $binaryModule -ErrorAction SilentlyContinue
    if ($script:sandboxModule) { Remove-Module -ModuleInfo $script:sandboxModule -ErrorAction SilentlyContinue }
}

# The emulator is not part of the module: its cmdlets (Callbell.Sandbox.PowerShell.dll, with the
# emulator in Callbell.Sandbox.dll) are imported the first time one of these two runs, so
# Import-Module Callbell loads none of it.
$sandboxAssembly = [IO.Path]::Combine($PSScriptRoot, $framework, 'Callbell.Sandbox.PowerShell.dll')
$script:sandboxModule = $null

function Import-CallbellSandboxModule {
    if (-not $script:sandboxModule) {
        $script:sandboxModule = Import-Module -Name $sandboxAssembly -PassThru -ErrorAction Stop
    }
    $script:sandboxModule
}

function Start-CallbellSandbox {
    <#
    .SYNOPSIS
        Starts a local Callbell emulator inside this PowerShell process and connects to it.
    .DESCRIPTION
        For demos and for testing runbooks offline: a real HTTP server on 127.0.0.1 serving
        generated contacts. Its Faults property switches on latency, 429s, 5xx, dropped
        connections and more. Stop it with Stop-CallbellSandbox. The emulator is loaded the
        first time this command runs; it is not part of the module otherwise.
    .PARAMETER Port
        The port on 127.0.0.1. Default: a free one.
    .PARAMETER Contacts
        How many generated contacts it serves. Default 1000.
    .PARAMETER PageSize
        Contacts per page. Default 20, as the real API.
    .PARAMETER LatencyMs
        Milliseconds added to every response, to feel a real network.
    .PARAMETER RequestsPerSecond
        The account's rate limit: past this many requests in one second the sandbox answers 429
        with Retry-After, as the API does past 300. 0 turns it off. Default 300.
    .PARAMETER DeliverWebhooks
        Posts events to the registered webhook, and lets it be a local URL.
    .PARAMETER WebhookSecret
        The whsec_ secret deliveries are signed with, as a SecureString or text; implies
        -DeliverWebhooks. Default: unsigned.
    .PARAMETER MessageStatusPaceMs
        Milliseconds a sent message stays at each status before it moves on by itself
        (enqueued, sent, delivered, read), each move posted as message_status_updated. Default
        0: statuses move one step each time they are read.
    .PARAMETER NoConnect
        Starts the sandbox without connecting this session to it.
    .EXAMPLE
        $sandbox = Start-CallbellSandbox -Contacts 5000 -LatencyMs 50

        Starts a sandbox with 5,000 contacts and 50 ms per request, and connects this session to it.
    .EXAMPLE
        Start-CallbellSandbox -WebhookSecret 'whsec_test'; Register-CallbellWebhook -Url http://127.0.0.1:8080/ -Event message_created -Force

        A sandbox that posts its events, signed, to a local Receive-CallbellWebhook -Port 8080.
    .LINK
        Stop-CallbellSandbox
    .LINK
        about_CallbellPS
    .LINK
        about_CallbellPS_Errors
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType('Callbell.Sandbox.SandboxServer')]
    param(
        [ValidateRange(0, 65535)] [int] $Port,
        [ValidateRange(0, 100000000)] [int] $Contacts,
        [ValidateRange(1, 1000)] [int] $PageSize,
        [ValidateRange(0, 60000)] [int] $LatencyMs,
        [ValidateRange(0, 100000)] [int] $RequestsPerSecond,
        [switch] $DeliverWebhooks,
        [object] $WebhookSecret,
        [ValidateRange(0, 3600000)] [int] $MessageStatusPaceMs,
        [switch] $NoConnect
    )
    $module = Import-CallbellSandboxModule
    & $module\Start-CallbellSandbox @PSBoundParameters
}

function Stop-CallbellSandbox {
    <#
    .SYNOPSIS
        Stops Callbell sandboxes started in this process.
    .DESCRIPTION
        Stops the sandboxes given (or piped), or every one started with Start-CallbellSandbox. A
        session connected to a stopped sandbox is disconnected.
    .PARAMETER InputObject
        The sandboxes to stop, as Start-CallbellSandbox returned them. Default: all.
    .EXAMPLE
        Stop-CallbellSandbox

        Stops every sandbox started in this process.
    .EXAMPLE
        $slow = Start-CallbellSandbox -LatencyMs 200 -NoConnect; $slow | Stop-CallbellSandbox

        Stops one sandbox, piped, and leaves the others running.
    .LINK
        Start-CallbellSandbox
    .LINK
        about_CallbellPS
    .LINK
        about_CallbellPS_Errors
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([void])]
    param(
        [Parameter(Position = 0, ValueFromPipeline)] [object[]] $InputObject
    )
    begin { $servers = [System.Collections.Generic.List[object]]::new() }
    process { if ($InputObject) { $servers.AddRange($InputObject) } }
    end {
        if (-not $script:sandboxModule) { return } # nothing was ever started
        $forward = @{} + $PSBoundParameters
        $forward.Remove('InputObject')
        if ($servers.Count -gt 0) { $forward['InputObject'] = $servers.ToArray() }
        & $script:sandboxModule\Stop-CallbellSandbox @forward
    }
}
