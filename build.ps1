<#
.SYNOPSIS
    Builds, tests and demonstrates CallbellPS.

.DESCRIPTION
    Build   dotnet build of CallbellPS.sln (warnings are errors); lays out out/Callbell; then
            Precompile, in PowerShell 7.
    Precompile
            Compiles the module's assemblies ahead of time (ReadyToRun) for this machine's OS and
            architecture and the .NET this PowerShell runs on, into out/Callbell/net<N>.0-<rid>
            (net10.0-linux-x64 here). PowerShell 7 on that .NET and platform loads them from there
            instead of net8.0/, and skips most JIT compilation of the first command. Another .NET
            would not use the native code, and another platform cannot load such an image at all,
            so nothing else looks there. With -Source and -Destination: compiles another folder's
            assemblies (bench/New-PrecompiledPwsh.ps1).
    Test    Build, then the xunit suites and the Pester tests.
    Pester  The Pester tests alone, against out/Callbell (build first).
    Package Build (unless -NoBuild), then Publish-PSResource of out/Callbell (without PDBs, with
            the release notes of CHANGELOG.md's section for the manifest's version) into a local
            repository at -PackagePath: out/Callbell.<version>.nupkg, as the Gallery takes it.
    Demo    Build, then start the sandbox, connect, Get-CallbellContact -All | Export-Csv, change a
            tag in the file and send it back, register a webhook, send a message and wait until it
            is delivered, and receive the sandbox's signed deliveries with Receive-CallbellWebhook.
    Clean   Removes out/ and every bin/ and obj/.

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Precompile', 'Test', 'Pester', 'Package', 'Demo', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the Pester task writes "passed failed skipped" for .ci/run to add up.
    [string] $PesterResultFile,

    # Package: the folder the .nupkg goes to. Default: out/.
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out'),

    # Package: pack out/Callbell as it is, without building first.
    [switch] $NoBuild,

    # Precompile: the folder whose assemblies to compile (default: the module's net8.0/), and where
    # to put the copy that holds them compiled (default: out/Callbell/net<N>.0-<rid>).
    [string] $Source,
    [string] $Destination
)

$ErrorActionPreference = 'Stop'
$moduleFolder = Join-Path $PSScriptRoot 'out/Callbell'

function Invoke-Build {
    dotnet build (Join-Path $PSScriptRoot 'CallbellPS.sln') -c $Configuration -warnaserror -nologo -v minimal
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed (exit code $LASTEXITCODE)." }
    if ($PSVersionTable.PSEdition -eq 'Core') { Invoke-Precompile }
}

# The folder the module's psm1 looks for: named after the .NET and platform the native code was
# compiled for (net10.0-linux-x64), because no other runtime can use it.
function Get-PrecompiledFolderName {
    'net' + [Environment]::Version.Major + '.0-' + [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
}

# crossgen2 of the running runtime's version, from the NuGet cache; when it is missing there, a
# throwaway project published with PublishReadyToRun makes the SDK fetch it.
function Get-Crossgen2 {
    $version = [Environment]::Version.ToString(3)
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $tools = Join-Path $packages "microsoft.netcore.app.crossgen2.$rid/$version/tools"
    if (-not (Test-Path $tools)) {
        $project = Join-Path ([IO.Path]::GetTempPath()) ('crossgen2-fetch-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $project
        try {
            $tfm = 'net' + [Environment]::Version.ToString(2)
            Set-Content (Join-Path $project 'Fetch.csproj') "<Project Sdk=`"Microsoft.NET.Sdk`"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>$tfm</TargetFramework><RuntimeFrameworkVersion>$version</RuntimeFrameworkVersion></PropertyGroup></Project>"
            Set-Content (Join-Path $project 'Program.cs') 'System.Console.WriteLine();'
            dotnet publish $project -r $rid --self-contained false -p:PublishReadyToRun=true -nologo -v quiet | Out-Null
        }
        finally { Remove-Item $project -Recurse -Force }
        if (-not (Test-Path $tools)) { throw "crossgen2 $version for $rid could not be fetched into $packages." }
    }
    Get-ChildItem $tools -Filter 'crossgen2*' | Where-Object { $_.Extension -in '', '.exe' } | Select-Object -First 1
}

# Copies -Source to -Destination with every IL-only assembly in it compiled by crossgen2 against
# the runtime and the PowerShell this runs in; everything else is copied as it is.
function Invoke-Precompile {
    $from = if ($Source) { $Source } else { Join-Path $moduleFolder 'net8.0' }
    $to = if ($Destination) { $Destination } else { Join-Path $moduleFolder (Get-PrecompiledFolderName) }
    if (-not (Test-Path (Join-Path $from '*.dll'))) { throw "No assemblies in ${from}: build first (./build.ps1 -Task Build)." }
    $crossgen = Get-Crossgen2
    $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()

    Remove-Item $to -Recurse -Force -ErrorAction SilentlyContinue
    Copy-Item $from $to -Recurse
    $compiled = 0
    foreach ($assembly in Get-ChildItem $from -Filter *.dll) {
        $stream = [IO.File]::OpenRead($assembly.FullName)
        try {
            $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $ilOnly = $reader.HasMetadata -and $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -eq 0
            $reader.Dispose()
        }
        catch [BadImageFormatException] { $ilOnly = $false }
        finally { $stream.Dispose() }
        if (-not $ilOnly) { continue }

        # Quoted: pwsh on Unix would expand the wildcards itself.
        $output = & $crossgen.FullName $assembly.FullName "--out:$(Join-Path $to $assembly.Name)" "--reference:$(Join-Path $runtime '*.dll')" "--reference:$(Join-Path $PSHOME '*.dll')" "--reference:$(Join-Path $from '*.dll')" "--targetos:$os" "--targetarch:$arch" -O 2>&1
        if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed on $($assembly.Name) (exit code $LASTEXITCODE): $output" }
        $compiled++
    }
    Write-Host "Precompiled $compiled assemblies of $from for .NET $([Environment]::Version.ToString(2)) on $os-$arch into $to"
}

# One test assembly after another: on two cores, suites running side by side slow each other's
# loopback servers and timers.
function Invoke-XunitTest {
    $failed = @()
    foreach ($project in Get-ChildItem (Join-Path $PSScriptRoot 'tests') -Recurse -Filter *.csproj) {
        dotnet test $project.FullName -c $Configuration --no-build -nologo
        if ($LASTEXITCODE -ne 0) { $failed += $project.BaseName }
    }
    if ($failed) { throw "xunit tests failed: $($failed -join ', ')." }
}

# Pester runs in a child process: the module's DLLs are then not locked in this session, and the
# tests import the freshly built module rather than one already loaded.
function Invoke-PesterTest {
    $hosts = @((Get-Process -Id $PID).Path)
    if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        $windowsPowerShell = Get-Command powershell.exe -ErrorAction SilentlyContinue
        if ($windowsPowerShell) { $hosts += $windowsPowerShell.Source }
    }

    $totals = @(0, 0, 0)
    foreach ($shell in $hosts | Select-Object -Unique) {
        $resultFile = [IO.Path]::GetTempFileName()
        $script = @"
`$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.3.0')) {
    throw 'Pester 5.3 or later is needed: Install-Module Pester -MinimumVersion 5.3 -Scope CurrentUser'
}
Import-Module Pester -MinimumVersion 5.3.0
`$env:CALLBELL_MODULE_PATH = '$moduleFolder'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $PSScriptRoot 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$config
"`$(`$result.PassedCount) `$(`$result.FailedCount) `$(`$result.SkippedCount)" | Set-Content -Path '$resultFile'
"@
        Write-Host "== Pester in $shell"
        & $shell -NoProfile -NonInteractive -Command $script
        $counts = (Get-Content $resultFile -Raw).Trim() -split ' '
        Remove-Item $resultFile
        if ($counts.Count -ne 3) { throw "Pester did not report results in $shell." }
        for ($i = 0; $i -lt 3; $i++) { $totals[$i] += [int]$counts[$i] }
    }

    if ($PesterResultFile) { "$($totals[0]) $($totals[1]) $($totals[2])" | Set-Content -Path $PesterResultFile }
    if ($totals[1] -gt 0) { throw "$($totals[1]) Pester test(s) failed." }
}

# A .nupkg is an OPC zip: the module's files at its root, a .nuspec, and the package parts NuGet
# clients expect. Built here with System.IO.Compression, so packing needs neither nuget.exe nor
# PowerShellGet. The tags are those Publish-Module writes, so gallery searches by command work.
function Invoke-Package {
    $manifestPath = Join-Path $moduleFolder 'Callbell.psd1'
    if (-not (Test-Path $manifestPath)) { throw "No module at ${moduleFolder}: build first (./build.ps1 -Task Build)." }
    $version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
    $changelog = Get-Content (Join-Path $PSScriptRoot 'CHANGELOG.md') -Raw
    $section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($version))\b[^\n]*\n(.*?)(?=^## |\z)")
    if (-not $section.Success) { throw "CHANGELOG.md has no '## $version' section for the manifest's version." }

    # PSResourceGet packs it as the gallery will take it (nuspec, tags for every command, content
    # types), from a copy that carries the release notes and leaves the debug symbols behind.
    $staging = Join-Path ([IO.Path]::GetTempPath()) ('callbell-publish-' + [guid]::NewGuid().ToString('N'))
    $staged = Join-Path $staging 'Callbell'
    $null = New-Item -ItemType Directory -Force -Path $PackagePath
    $feed = (Resolve-Path $PackagePath).Path
    $package = Join-Path $feed "Callbell.$version.nupkg"
    Remove-Item $package -ErrorAction SilentlyContinue
    $repository = 'CallbellBuild' + [guid]::NewGuid().ToString('N')
    try {
        $null = New-Item -ItemType Directory -Force -Path $staging
        Copy-Item $moduleFolder $staged -Recurse
        Get-ChildItem $staged -Recurse -Filter *.pdb | Remove-Item
        # Find-Command searches the Gallery by these tags; PSResourceGet does not add them itself.
        $manifest = Import-PowerShellDataFile $manifestPath
        $commands = @($manifest.CmdletsToExport) + @($manifest.FunctionsToExport)
        $tags = @($manifest.PrivateData.PSData.Tags) + 'PSIncludes_Cmdlet' + 'PSIncludes_Function' + @($commands | ForEach-Object { "PSCommand_$_" }) +
            @($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_" }) + @($manifest.FunctionsToExport | ForEach-Object { "PSFunction_$_" })
        Update-PSModuleManifest -Path (Join-Path $staged 'Callbell.psd1') -ReleaseNotes $section.Groups[1].Value.Trim() -Tags $tags
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        Publish-PSResource -Path $staged -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
        Remove-Item $staging -Recurse -Force -ErrorAction SilentlyContinue
    }

    if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $package." }
    Write-Host ("Published Callbell {0} into the local repository {1} ({2:n0} KB)" -f $version, $feed, ((Get-Item $package).Length / 1KB))
    $package
}

function Invoke-Demo {
    $csv = Join-Path ([IO.Path]::GetTempPath()) 'callbell-contacts.csv'
    $script = @"
Import-Module '$(Join-Path $moduleFolder 'Callbell.psd1')' -Force
`$secret = 'whsec_demo_' + [guid]::NewGuid().ToString('N')
`$sandbox = Start-CallbellSandbox -Contacts 2000 -LatencyMs 25 -WebhookSecret `$secret -MessageStatusPaceMs 300
Write-Host "Sandbox: `$(`$sandbox.BaseUri) (2,000 generated contacts, 25 ms a request)" -ForegroundColor Cyan
Get-CallbellConnection | Format-List UserName, UserEmail, BaseUri, Token
`$elapsed = Measure-Command { Get-CallbellContact -All | Export-Csv -Path '$csv' -NoTypeInformation -Encoding utf8 }
`$rows = Import-Csv -Path '$csv'
Write-Host ("Get-CallbellContact -All | Export-Csv: {0:n0} contacts in {1:n2} s -> $csv" -f `$rows.Count, `$elapsed.TotalSeconds) -ForegroundColor Cyan
`$rows | Select-Object -First 5 Name, PhoneNumber, Source, Tags, CustomFields | Format-Table -AutoSize
Write-Host 'Get-CallbellContact -Tag vip -Source whatsapp -First 3' -ForegroundColor Cyan
Get-CallbellContact -Tag vip -Source whatsapp -First 3
`$rows = Import-Csv -Path '$csv'
`$rows[0].Tags = ((@(`$rows[0].Tags -split ', ' | Where-Object { `$_ }) + 'customer') | Select-Object -Unique) -join ', '
`$rows | Export-Csv -Path '$csv' -NoTypeInformation -Encoding utf8
`$sandbox.Journal.Reset()
`$sandbox.Faults.Latency = [TimeSpan]::Zero
Import-Csv -Path '$csv' | Set-CallbellContact
`$patches = @(`$sandbox.Journal.Requests | Where-Object Method -eq 'PATCH')
Write-Host ("CSV round trip: added a tag in the file; Import-Csv | Set-CallbellContact read {0:n0} rows and sent {1} change: {2}" -f `$rows.Count, `$patches.Count, [Text.Encoding]::UTF8.GetString(`$patches[0].Body)) -ForegroundColor Cyan
`$probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); `$probe.Start(); `$port = `$probe.LocalEndpoint.Port; `$probe.Stop()
Write-Host "Register-CallbellWebhook -Url http://127.0.0.1:`$port/ (the sandbox delivers, signed, as Callbell does)" -ForegroundColor Cyan
Register-CallbellWebhook -Url "http://127.0.0.1:`$port/" -Event message_created, message_status_updated -Force | Format-Table Url, Subscriptions
Write-Host 'Send-CallbellMessage (its statuses move on by themselves, every 300 ms, as the service posts them)' -ForegroundColor Cyan
Send-CallbellMessage -To `$rows[0].PhoneNumber -Text 'Hello from CallbellPS' | Format-Table Uuid, Status, To
Write-Host 'Receive-CallbellWebhook -Port `$port -Secret `$secret -Count 4: the message, then its statuses as they happen, nobody polling (the sandbox retries until the listener is up)' -ForegroundColor Cyan
Receive-CallbellWebhook -Port `$port -Secret `$secret -Count 4 -TimeoutSec 30 |
    Format-Table Event, Verified, @{ n = 'Text or status'; e = { if (`$_.Payload.Text) { `$_.Payload.Text } else { `$_.Payload.Status } } }, @{ n = 'Contact'; e = { `$_.Payload.Contact.Name } }
Stop-CallbellSandbox
"@
    & (Get-Process -Id $PID).Path -NoProfile -Command $script
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Precompile' { Invoke-Precompile }
        'Test' { Invoke-Build; Invoke-XunitTest; Invoke-PesterTest }
        'Pester' { Invoke-PesterTest }
        'Package' { if (-not $NoBuild) { Invoke-Build }; Invoke-Package }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Clean' {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $PSScriptRoot 'out')
            Get-ChildItem $PSScriptRoot -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
        }
    }
}
