<#
.SYNOPSIS
    Copies the running PowerShell into -Destination with its assemblies compiled ahead of time
    (ReadyToRun), as Microsoft's own packages ship them, for start-up measurements.

.DESCRIPTION
    A PowerShell built from source, or installed as the dotnet global tool, ships IL only: every
    session JIT-compiles PowerShell itself, and a fresh process's first command costs several
    times what it does in the packages most users install. Start-up figures taken there say more
    about that PowerShell than about the module. This script compiles each IL-only assembly of
    $PSHOME with crossgen2 for this operating system and architecture, against the runtime this
    PowerShell runs on, and leaves everything else as it was.

    crossgen2 comes from the NuGet cache (Microsoft.NETCore.App.Crossgen2.<rid>, the version of
    the running runtime); when it is missing, a throwaway project published with
    PublishReadyToRun fetches it.

.EXAMPLE
    ./bench/New-PrecompiledPwsh.ps1 -Destination /tmp/pwsh-r2r
    /tmp/pwsh-r2r/pwsh -NoProfile -File ./bench/Measure-Startup.ps1 -Runs 11
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Destination
)

$ErrorActionPreference = 'Stop'
$runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
$version = [Environment]::Version.ToString(3)
$rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
$os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$tools = Join-Path $packages "microsoft.netcore.app.crossgen2.$rid/$version/tools"
if (-not (Test-Path $tools)) {
    $project = Join-Path ([IO.Path]::GetTempPath()) ('crossgen2-fetch-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $project
    $tfm = 'net' + [Environment]::Version.ToString(2)
    Set-Content (Join-Path $project 'Fetch.csproj') "<Project Sdk=`"Microsoft.NET.Sdk`"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>$tfm</TargetFramework><RuntimeFrameworkVersion>$version</RuntimeFrameworkVersion></PropertyGroup></Project>"
    Set-Content (Join-Path $project 'Program.cs') 'System.Console.WriteLine();'
    dotnet publish $project -r $rid --self-contained false -p:PublishReadyToRun=true -nologo -v quiet | Out-Null
    Remove-Item $project -Recurse -Force
    if (-not (Test-Path $tools)) { throw "crossgen2 $version for $rid could not be fetched into $packages." }
}
$crossgen = Get-ChildItem $tools -Filter 'crossgen2*' | Where-Object { $_.Extension -in '', '.exe' } | Select-Object -First 1

if (Test-Path $Destination) { throw "-Destination $Destination exists; give a new folder." }
Copy-Item $PSHOME $Destination -Recurse

$compiled = 0
foreach ($assembly in Get-ChildItem $PSHOME -Filter *.dll) {
    $stream = [IO.File]::OpenRead($assembly.FullName)
    try {
        $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        $managed = $reader.HasMetadata -and $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -eq 0
        $reader.Dispose()
    }
    catch [BadImageFormatException] { $managed = $false }
    finally { $stream.Dispose() }
    if (-not $managed) { continue }

    # Quoted, so that PowerShell passes the wildcards to crossgen2 instead of expanding them.
    & $crossgen.FullName $assembly.FullName "--out:$(Join-Path $Destination $assembly.Name)" "--reference:$(Join-Path $runtime '*.dll')" "--reference:$(Join-Path $PSHOME '*.dll')" "--targetos:$os" "--targetarch:$arch" -O | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Warning "$($assembly.Name) was left as IL (crossgen2 exited $LASTEXITCODE)." } else { $compiled++ }
}
"$compiled assemblies of $PSHOME compiled ahead of time into $Destination"
