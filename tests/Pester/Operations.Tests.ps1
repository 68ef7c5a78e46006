# Pester 5 tests of where admins run the module: several accounts, proxies, settings from the
# environment, diagnostics after the fact, and the recipes of about_CallbellPS_Runbooks run as
# written. Run with ./build.ps1 -Task Test (or -Task Pester after a build).

BeforeAll {
    # How many shared connections the process holds (ConnectionCache is internal: read it the way a debugger would).
    function Get-HeldConnectionCount {
        [Callbell.CallbellConnection].Assembly.GetType('Callbell.ConnectionCache', $true).GetProperty('Count').GetValue($null)
    }
    $script:modulePath = if ($env:CALLBELL_MODULE_PATH) { $env:CALLBELL_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Callbell' }
    Import-Module (Join-Path $modulePath 'Callbell.psd1') -Force

    # Other runspaces and child processes find the module by name, as an installed one would be.
    $script:savedModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Resolve-Path $modulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath

    $script:settingVariables = 'CALLBELL_API_TOKEN', 'CALLBELL_BASE_URI', 'CALLBELL_TIMEOUT_SEC', 'CALLBELL_MAXIMUM_RETRY_COUNT', 'CALLBELL_LOOKAHEAD',
        'CALLBELL_THROTTLE_LIMIT', 'CALLBELL_REQUESTS_PER_SECOND', 'CALLBELL_MAX_RESPONSE_BYTES', 'CALLBELL_PROXY', 'CALLBELL_DEFAULT_COUNTRY_CODE'
    function Clear-Settings { foreach ($name in $settingVariables) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } }

    # The loopback proxy the xunit suite uses, compiled from the same file.
    if (-not ('Callbell.Tests.Support.LoopbackProxy' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '../Callbell.Tests/Support/LoopbackProxy.cs')
    }

    # Each recipe of about_CallbellPS_Runbooks, as the text between its markers, unindented.
    $script:aboutRunbooks = Get-Content (Join-Path $modulePath 'en-US/about_CallbellPS_Runbooks.help.txt')
    function Get-Recipe([string] $Name) {
        $start = [array]::IndexOf($aboutRunbooks, "    # --- recipe: $Name ---")
        $start | Should -BeGreaterThan 0 -Because "about_CallbellPS_Runbooks has the recipe '$Name'"
        $lines = for ($i = $start + 1; $aboutRunbooks[$i] -ne '    # --- end recipe ---'; $i++) { $aboutRunbooks[$i] -replace '^    ', '' }
        $path = Join-Path $TestDrive "$Name.ps1"
        $lines | Set-Content -Path $path
        $path
    }
}

AfterAll {
    Clear-Settings
    Disconnect-Callbell
    Stop-CallbellSandbox
    $env:PSModulePath = $savedModulePath
}

Describe 'Several accounts in one session' {
    BeforeAll {
        $script:one = Start-CallbellSandbox -Contacts 40 -PageSize 15 -NoConnect
        $script:two = Start-CallbellSandbox -Contacts 0 -NoConnect
    }
    AfterAll { Disconnect-Callbell }

    It 'copies contacts with their tags and custom fields from one account to another in one pipeline' {
        # Plain-text tokens, as an Automation variable gives them.
        $a = Connect-Callbell -BaseUri $one.BaseUri -Token $one.Token -PassThru
        $b = Connect-Callbell -BaseUri $two.BaseUri -Token $two.Token -PassThru
        $two.Journal.Reset()

        Get-CallbellContact -All -Connection $a | New-CallbellContact -Connection $b

        # The account holds numbers in several spellings; the copies are created in one (E.164).
        $source = Get-CallbellContact -All -Connection $a | Sort-Object { $_.PhoneNumber -replace '\D' }
        $copies = Get-CallbellContact -All -Connection $b | Sort-Object { $_.PhoneNumber -replace '\D' }
        $copies.Count | Should -Be 40
        for ($i = 0; $i -lt 40; $i++) {
            $copies[$i].PhoneNumber | Should -Be ('+' + ($source[$i].PhoneNumber -replace '\D'))
            $copies[$i].Name | Should -Be $source[$i].Name
            @($copies[$i].Tags) | Should -Be @($source[$i].Tags)
            ($copies[$i].CustomFields | ConvertTo-Json -Compress) | Should -Be ($source[$i].CustomFields | ConvertTo-Json -Compress)
        }
        # The source account's channel, team and agent stay behind.
        $posts = $two.Journal.Requests | Where-Object Method -eq 'POST'
        $posts.Count | Should -Be 40
        $posts | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) } | Should -Not -Match 'channel_uuid|team_uuid|assigned_user'
        # Nothing went to the first account but reads.
        $one.Journal.Requests | Where-Object Method -ne 'GET' | Should -BeNullOrEmpty
    }

    It 'lists every connection, the latest the default, and forgets one with Disconnect-Callbell -Connection' {
        Disconnect-Callbell
        $a = Connect-Callbell -BaseUri $one.BaseUri -Token $one.Token -PassThru
        $b = Connect-Callbell -BaseUri $two.BaseUri -Token $two.Token -PassThru

        $listed = Get-CallbellConnection
        $listed.BaseUri | Should -Be @($one.BaseUri, $two.BaseUri)
        ($listed | Where-Object IsDefault).BaseUri | Should -Be $two.BaseUri
        (Get-CallbellConnection -Default).BaseUri | Should -Be $two.BaseUri

        $b | Disconnect-Callbell

        (Get-CallbellConnection).BaseUri | Should -Be $one.BaseUri
        (Get-CallbellConnection).IsDefault | Should -BeTrue
        $err = { Get-CallbellPlan -Connection $b -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.ConnectionClosed,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'                # the token may be fine: the object is spent
        $err.Exception.ParameterName | Should -Be 'Connection'
        $err.Exception.Message | Should -Match 'Disconnect-Callbell'
        (Get-CallbellPlan -Connection $a).Name | Should -Not -BeNullOrEmpty
    }

    It 'walks two accounts in parallel, each held to its own budget' {
        $big = Start-CallbellSandbox -Contacts 150 -PageSize 5 -NoConnect
        $other = Start-CallbellSandbox -Contacts 150 -PageSize 5 -NoConnect
        try {
            $a = Connect-Callbell -BaseUri $big.BaseUri -Token $big.Token -RequestsPerSecond 10 -PassThru
            $b = Connect-Callbell -BaseUri $other.BaseUri -Token $other.Token -RequestsPerSecond 15 -PassThru
            $big.Journal.Reset(); $other.Journal.Reset()

            $counts = @($a, $b) | ForEach-Object -ThrottleLimit 2 -Parallel {
                [pscustomobject]@{ BaseUri = $_.BaseUri; Count = @(Get-CallbellContact -All -Connection $_).Count }
            }

            ($counts | Where-Object BaseUri -eq $big.BaseUri).Count | Should -Be 150
            ($counts | Where-Object BaseUri -eq $other.BaseUri).Count | Should -Be 150
            $big.Journal.PeakRequestsPer([timespan]::FromSeconds(1)) | Should -BeLessOrEqual 10
            $other.Journal.PeakRequestsPer([timespan]::FromSeconds(1)) | Should -BeLessOrEqual 15
            $big.Journal.RateLimited + $other.Journal.RateLimited | Should -Be 0
            $a.RequestsPerSecond | Should -Be 10
            $b.RequestsPerSecond | Should -Be 15
        }
        finally {
            Stop-CallbellSandbox -InputObject $big, $other
        }
    }

    It 'a connection passed with $using: works in thread jobs and -Parallel runspaces, and they leave nothing behind' {
        $a = Connect-Callbell -BaseUri $one.BaseUri -Token $one.Token -PassThru
        $held = (Get-HeldConnectionCount)

        $fromJob = Start-ThreadJob { @(Get-CallbellContact -All -Connection $using:a).Count } | Receive-Job -Wait -AutoRemoveJob
        $fromParallel = 1..3 | ForEach-Object -Parallel {
            # A runspace may also connect on its own; closing it gives that connection back.
            Connect-Callbell -BaseUri ($using:a).BaseUri -Token ($using:one).Token -TimeoutSec (30 + $_)
            @(Get-CallbellContact -All -Connection $using:a).Count
        }

        $fromJob | Should -Be 40
        $fromParallel | Should -Be @(40, 40, 40)
        (Get-HeldConnectionCount) | Should -Be $held
        (Get-CallbellPlan -Connection $a).Name | Should -Not -BeNullOrEmpty
    }
}

Describe 'Corporate proxies' {
    BeforeAll {
        $script:site = Start-CallbellSandbox -Contacts 10 -NoConnect
        $script:proxyUser = [pscredential]::new('alice', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))
    }
    AfterEach { Clear-Settings; Disconnect-Callbell }

    It 'reaches the API through a proxy that wants credentials, given with -ProxyCredential' {
        $proxy = [Callbell.Tests.Support.LoopbackProxy]::new('alice', 's3cret')
        try {
            $c = Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -Proxy $proxy.Address -ProxyCredential $proxyUser -PassThru

            $c.Validated | Should -BeTrue
            $c.Proxy | Should -Be $proxy.Address
            @(Get-CallbellContact -All).Count | Should -Be 10
            $proxy.Forwarded | Should -BeGreaterOrEqual 2
        }
        finally { $proxy.Dispose() }
    }

    It 'a proxy that answers 407 is one clear error naming the proxy and -ProxyCredential, never retried' {
        $proxy = [Callbell.Tests.Support.LoopbackProxy]::new('alice', 's3cret')
        try {
            $err = { Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -Proxy $proxy.Address -ErrorAction Stop } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.ProxyAuthenticationRequired.407,*'
            $err.Exception.Message | Should -Match ([regex]::Escape($proxy.Address.GetLeftPart('Authority')))
            $err.Exception.Message | Should -Match '-ProxyCredential'
            $proxy.Challenged | Should -Be 1
            $proxy.Forwarded | Should -Be 0
        }
        finally { $proxy.Dispose() }
    }

    It 'reads $env:CALLBELL_PROXY, user and password included, in a runbook that never connects' {
        $proxy = [Callbell.Tests.Support.LoopbackProxy]::new('alice', 's3cret')
        try {
            $env:CALLBELL_API_TOKEN = $site.Token
            $env:CALLBELL_BASE_URI = $site.BaseUri.AbsoluteUri
            $env:CALLBELL_PROXY = 'http://alice:s3cret@' + $proxy.Address.Authority

            (Get-CallbellPlan).Name | Should -Not -BeNullOrEmpty
            $proxy.Forwarded | Should -Be 1
            (Get-CallbellConnection).Proxy.AbsoluteUri | Should -Be $proxy.Address.AbsoluteUri
            (Get-CallbellConnection | Out-String) | Should -Not -Match 's3cret'
        }
        finally { $proxy.Dispose() }
    }

    It 'with credentials in $env:CALLBELL_PROXY, a command inside another one''s pipeline shares its connection instead of closing it' {
        $proxy = [Callbell.Tests.Support.LoopbackProxy]::new('alice', 's3cret')
        $many = Start-CallbellSandbox -Contacts 45 -NoConnect
        try {
            $env:CALLBELL_API_TOKEN = $many.Token
            $env:CALLBELL_BASE_URI = $many.BaseUri.AbsoluteUri
            $env:CALLBELL_PROXY = 'http://alice:s3cret@' + $proxy.Address.Authority

            # Three pages: the walk's second and third pages go out after the inner lookups began.
            $found = Get-CallbellContact -All | ForEach-Object { Get-CallbellContact -Uuid $_.Uuid -ErrorAction Stop }

            @($found).Count | Should -Be 45
            @($found.Uuid | Sort-Object -Unique).Count | Should -Be 45
        }
        finally { $proxy.Dispose(); $many | Stop-CallbellSandbox }
    }

    It 'refuses conflicting proxy options before any request, naming the parameter' {
        $site.Journal.Reset()

        $err = { Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -ProxyCredential $proxyUser -ProxyUseDefaultCredentials -ErrorAction Stop } | Should -Throw -PassThru

        $err.Exception.ParameterName | Should -Be 'ProxyCredential'
        $err.Exception.Message | Should -Match 'ProxyUseDefaultCredentials'
        $site.Journal.Count | Should -Be 0
    }
}

Describe 'Tokens and settings from the environment' {
    BeforeAll { $script:site = Start-CallbellSandbox -Contacts 5 -NoConnect }
    AfterEach { Clear-Settings; Disconnect-Callbell }

    It 'reads every setting from its variable when the parameter is not given; a parameter wins' {
        $env:CALLBELL_TIMEOUT_SEC = '33'
        $env:CALLBELL_MAXIMUM_RETRY_COUNT = '1'
        $env:CALLBELL_LOOKAHEAD = '2'
        $env:CALLBELL_THROTTLE_LIMIT = '7'
        $env:CALLBELL_REQUESTS_PER_SECOND = '123'

        $c = Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -TimeoutSec 5 -PassThru

        $c.Timeout | Should -Be ([timespan]::FromSeconds(5))
        $c.MaximumRetryCount | Should -Be 1
        $c.Lookahead | Should -Be 2
        $c.ThrottleLimit | Should -Be 7
        $c.RequestsPerSecond | Should -Be 123
    }

    It 'a value that cannot be read is an error naming the variable, before any request' {
        $env:CALLBELL_REQUESTS_PER_SECOND = 'fast'
        $site.Journal.Reset()

        $err = { Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -ErrorAction Stop } | Should -Throw -PassThru

        $err.Exception.ParameterName | Should -Be '$env:CALLBELL_REQUESTS_PER_SECOND'
        $err.Exception.Message | Should -Match "'fast'"
        $site.Journal.Count | Should -Be 0
    }

    It 'a malformed CALLBELL_PROXY is an error that names the variable and never quotes its password' {
        $env:CALLBELL_PROXY = 'http://svc-callbell:S3cr3t-Pa55@proxy corp:8080'

        $err = { Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -ErrorAction Stop } | Should -Throw -PassThru

        $err.Exception.ParameterName | Should -Be '$env:CALLBELL_PROXY'
        "$($err.Exception.Message) $($err.ErrorDetails) $($err.Exception.RecommendedAction)" | Should -Not -Match 'S3cr3t|svc-callbell'
        $err.Exception.Message | Should -Match '\*\*\*@proxy corp:8080'
    }

    It 'CALLBELL_DEFAULT_COUNTRY_CODE is checked before any request, naming the variable' {
        $env:CALLBELL_DEFAULT_COUNTRY_CODE = 'Atlantis'
        $site.Journal.Reset()

        $err = { Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -ErrorAction Stop } | Should -Throw -PassThru

        $err.Exception.ParameterName | Should -Be '$env:CALLBELL_DEFAULT_COUNTRY_CODE'
        $site.Journal.Count | Should -Be 0
    }
}

Describe 'Diagnostics for a failure nobody watched' {
    BeforeAll {
        $script:site = Start-CallbellSandbox -Contacts 5
        $script:siteConnection = Get-CallbellConnection -Default
    }
    AfterAll { Disconnect-Callbell }

    It '-Debug writes each attempt: headers and the start of each body, the token and api_key masked' {
        $debug = Invoke-CallbellRequest -Path auth/me -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message

        $text = $debug -join "`n"
        $text | Should -Match 'GET http://127\.0\.0\.1:\d+/v1/auth/me -> 200'
        $text | Should -Match '> Authorization: Bearer test_\*{4}'
        $text | Should -Match '< Content-Type: application/json'
        $text | Should -Match '"api_key":"\*{8}"'
        $text | Should -Not -Match ([regex]::Escape($site.Token))
    }

    It 'Get-CallbellRequestLog gives a failure handler the last attempts with their ErrorIds, retries included' {
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new([Callbell.Sandbox.Faults.FaultKind]::ServerError)
        $rule.Times = 1
        $null = $site.Faults.Add($rule)
        Clear-CallbellRequestLog

        $null = Get-CallbellPlan
        Get-CallbellContact -Uuid 00000000000000000000000000000000 -ErrorAction SilentlyContinue

        $log = Get-CallbellRequestLog -Last 10
        $log.Count | Should -Be 3
        $log[0].StatusCode | Should -BeGreaterOrEqual 500
        $log[0].ErrorId | Should -BeLike 'Callbell.ServerError.5*'
        $log[1].Attempt | Should -Be 2
        $log[1].StatusCode | Should -Be 200
        $log[2].ErrorId | Should -Be 'Callbell.NotFound.404'
        @(Get-CallbellRequestLog -Failed).Count | Should -Be 2
        @(Get-CallbellRequestLog -Connection $siteConnection).Count | Should -Be 3
        ($log | Format-Table | Out-String) | Should -Match 'Callbell\.NotFound\.404'
    }

    It 'Invoke-CallbellRequest fills -StatusCodeVariable and -ResponseHeadersVariable, on failure too' {
        Invoke-CallbellRequest -Path plan -StatusCodeVariable okStatus -ResponseHeadersVariable okHeaders | Out-Null
        Invoke-CallbellRequest -Path contacts/00000000000000000000000000000000 -StatusCodeVariable failStatus -ResponseHeadersVariable failHeaders -ErrorAction SilentlyContinue

        $okStatus | Should -Be 200
        $okHeaders['Content-Type'] | Should -BeLike 'application/json*'
        $failStatus | Should -Be 404
        $failHeaders.Keys | Should -Contain 'Content-Type'
    }

    It 'Get-CallbellRequestLog shows this session''s attempts; -AllSessions adds other runspaces''; Clear-CallbellRequestLog clears this session''s' {
        Clear-CallbellRequestLog -AllSessions
        $null = Get-CallbellPlan
        $c = $siteConnection
        Start-ThreadJob { $null = Get-CallbellTeam -Connection $using:c } | Receive-Job -Wait -AutoRemoveJob

        $mine = @(Get-CallbellRequestLog)
        $all = @(Get-CallbellRequestLog -AllSessions)

        $mine.Uri.AbsolutePath | Should -Be '/v1/plan'
        $all.Uri.AbsolutePath | Should -Be @('/v1/plan', '/v1/teams')
        @($all.Session | Sort-Object -Unique).Count | Should -Be 2
        Clear-CallbellRequestLog -WhatIf
        @(Get-CallbellRequestLog).Count | Should -Be 1
        Clear-CallbellRequestLog
        @(Get-CallbellRequestLog).Count | Should -Be 0
        (Get-CallbellRequestLog -AllSessions).Uri.AbsolutePath | Should -Be '/v1/teams'
    }
}

Describe 'Runbook recipes (about_CallbellPS_Runbooks), run as written' {
    BeforeAll {
        $script:site = Start-CallbellSandbox -Contacts 25 -PageSize 10 -NoConnect
        $script:pwsh = (Get-Process -Id $PID).Path
    }
    AfterEach { Clear-Settings; Disconnect-Callbell }

    It 'scheduled task: exports with the environment token and exits 0; on failure prints the request log and exits 1' {
        $recipe = Get-Recipe 'scheduled-task'
        $csv = Join-Path $TestDrive 'contacts.csv'
        $env:CALLBELL_API_TOKEN = $site.Token
        $env:CALLBELL_BASE_URI = $site.BaseUri.AbsoluteUri

        $out = & $pwsh -NoProfile -NonInteractive -File $recipe -OutFile $csv
        $LASTEXITCODE | Should -Be 0
        $out | Should -Match 'Exported 25 contacts'
        @(Import-Csv $csv).Count | Should -Be 25

        $env:CALLBELL_API_TOKEN = 'test_revokedrevokedrevoked00'
        $failed = & $pwsh -NoProfile -NonInteractive -File $recipe -OutFile $csv
        $LASTEXITCODE | Should -Be 1
        ($failed -join "`n") | Should -Match 'FAILED: .*GET .*401 Unauthorized'
        ($failed -join "`n") | Should -Match 'Callbell\.Authentication\.401'
        ($failed -join "`n") | Should -Not -Match 'revokedrevokedrevoked'
    }

    It 'Azure Automation: the token from an Automation variable, no prompt, a failure fails the job' {
        $recipe = Get-Recipe 'azure-automation'
        $runbook = Join-Path $TestDrive 'runbook-host.ps1'
        # The Automation sandbox's Get-AutomationVariable, and a host that cannot prompt.
        @'
param($Recipe, $Token, $BaseUri)
function Get-AutomationVariable([string] $Name) { if ($Name -eq 'CallbellToken') { $Token } else { throw "no variable $Name" } }
& $Recipe -Tag churned -BaseUri $BaseUri
'@ | Set-Content $runbook
        $tagged = @(Get-CallbellContact -All -Tag churned -Connection (Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -PassThru)).Count
        $tagged | Should -BeGreaterThan 0

        $out = & $pwsh -NoProfile -NonInteractive -File $runbook -Recipe $recipe -Token $site.Token -BaseUri $site.BaseUri.AbsoluteUri
        $LASTEXITCODE | Should -Be 0
        $out | Should -Match "Removed tag 'churned' from $tagged contacts"
        @(Get-CallbellContact -All -Tag churned).Count | Should -Be 0

        $null = & $pwsh -NoProfile -NonInteractive -File $runbook -Recipe $recipe -Token 'test_wrongwrongwrongwrong00' -BaseUri $site.BaseUri.AbsoluteUri 2>&1
        $LASTEXITCODE | Should -Not -Be 0
    }

    Context 'Azure Functions' {
        BeforeAll {
            if (-not ('HttpResponseContext' -as [type])) {
                # The Functions worker's response type, as run.ps1 sees it.
                Add-Type 'public class HttpResponseContext { public object StatusCode; public object Body; public System.Collections.IDictionary Headers; }'
            }
            # The worker's Push-OutputBinding: what run.ps1 hands to each output binding.
            $global:FunctionsBindings = @{}
            function global:Push-OutputBinding([string] $Name, $Value) { $global:FunctionsBindings[$Name] = $Value }
            $script:secret = 'whsec_functions_' + [guid]::NewGuid().ToString('N')
            function New-FunctionsRequest([string] $RawBody, [string] $Signature) {
                # Shaped as the Functions host passes an HttpRequestContext to run.ps1.
                $headers = @{ 'content-type' = 'application/json'; 'user-agent' = 'Callbell-Webhooks' }
                if ($Signature) { $headers['x-callbell-signature'] = $Signature }
                [pscustomobject]@{
                    Method  = 'POST'
                    Url     = 'https://contoso-func.azurewebsites.net/api/callbell'
                    Headers = $headers
                    Query   = @{}
                    Params  = @{}
                    Body    = $RawBody | ConvertFrom-Json -AsHashtable
                    RawBody = $RawBody
                }
            }
            function Sign([string] $Body) {
                $t = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
                $hmac = [System.Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes($secret))
                "t=$t,v1=" + (($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$t.$Body")) | ForEach-Object { $_.ToString('x2') }) -join '')
            }
        }
        AfterAll { Remove-Item function:Push-OutputBinding, variable:global:FunctionsBindings -ErrorAction SilentlyContinue }
        BeforeEach { $FunctionsBindings.Clear() }

        It 'HTTP trigger: verifies the raw body, queues the event and answers 200; a bad signature gets 401 and queues nothing' {
            $recipe = Get-Recipe 'azure-functions-webhook'
            $env:CALLBELL_WEBHOOK_SECRET = $secret
            try {
                $raw = Get-Content (Join-Path $PSScriptRoot '../Callbell.Tests/Webhooks/Payloads/message_created.json') -Raw

                & $recipe -Request (New-FunctionsRequest $raw (Sign $raw)) -TriggerMetadata @{}

                $FunctionsBindings['Response'].StatusCode | Should -Be ([System.Net.HttpStatusCode]::OK)
                ($FunctionsBindings['Queue'] | ConvertFrom-Json).event | Should -Be 'message_created'

                $FunctionsBindings.Clear()
                & $recipe -Request (New-FunctionsRequest $raw (Sign ($raw + ' '))) -TriggerMetadata @{}

                $FunctionsBindings['Response'].StatusCode | Should -Be ([System.Net.HttpStatusCode]::Unauthorized)
                $FunctionsBindings.ContainsKey('Queue') | Should -BeFalse
            }
            finally { Remove-Item env:CALLBELL_WEBHOOK_SECRET }
        }

        It 'HTTP trigger: passing the parsed $Request.Body instead of RawBody is an error that says to use RawBody' {
            $raw = '{"event":"contact_created","payload":{}}'
            $err = { ConvertFrom-CallbellWebhook -Body (New-FunctionsRequest $raw).Body -ErrorAction Stop } | Should -Throw -PassThru

            $err.Exception.Message | Should -Match 'RawBody'
        }

        It 'timer trigger: exports every contact with the token from the app settings' {
            $recipe = Get-Recipe 'azure-functions-timer'
            $env:CALLBELL_API_TOKEN = $site.Token
            $env:CALLBELL_BASE_URI = $site.BaseUri.AbsoluteUri

            & $recipe -Timer ([pscustomobject]@{ IsPastDue = $false }) 6>$null

            @($FunctionsBindings['Blob'] | ConvertFrom-Csv).Count | Should -Be 25
        }
    }

    It 'ForEach-Object -Parallel and Start-ThreadJob: one connection from many runspaces, nothing left behind' {
        $recipe = Get-Recipe 'parallel'
        $c = Connect-Callbell -BaseUri $site.BaseUri -Token $site.Token -PassThru
        $held = (Get-HeldConnectionCount)

        $result = & $recipe -Connection $c

        $teams = Get-CallbellTeam
        $expected = foreach ($team in $teams) { @(Get-CallbellTeamMember -TeamUuid $team.Uuid).Count }
        @($result.Members).Count | Should -Be ($expected | Measure-Object -Sum).Sum
        ($result.Members | Where-Object { -not $_.Team }) | Should -BeNullOrEmpty
        @($result.Bots).Count | Should -Be 10
        (Get-HeldConnectionCount) | Should -Be $held
    }
}

Describe 'One account, one budget: overlapping runbooks' {
    BeforeAll {
        # The API's limit, enforced: past 300 arrivals in any second the sandbox answers 429.
        $script:shared = Start-CallbellSandbox -Contacts 600 -RequestsPerSecond 300 -LatencyMs 20 -NoConnect
        $script:pwshPath = (Get-Process -Id $PID).Path
        $script:manifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
    }
    AfterAll {
        $shared | Stop-CallbellSandbox
    }

    It 'two processes on one account share its 300 requests a second (<Mode>): every row done once, few refused, neither starved' -ForEach @(
        # On one machine they pace as one through the account's budget file, and the server refuses next to nothing.
        @{ Mode = 'through the budget file'; Unreachable = $false; MostRefused = 0.01 }
        # On two machines they learn their shares from the server's 429s: the goal is 5%.
        @{ Mode = '429s only'; Unreachable = $true; MostRefused = 0.05 }
    ) {
        $go = Join-Path $TestDrive "go$Unreachable"
        $before = $env:CALLBELL_BUDGET_DIR
        # A path under a file cannot be a folder: the budget file is out of reach, as on another machine.
        if ($Unreachable) { $env:CALLBELL_BUDGET_DIR = Join-Path $manifest 'none' }
        try {
            $runs = foreach ($p in 0, 1) {
                $csv = Join-Path $TestDrive "runbook$p$Unreachable.csv"
                0..299 | ForEach-Object { [pscustomobject]@{ Uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($p * 300 + $_); Note = "runbook $p row $_ ($Mode)" } } |
                    Export-Csv -Path $csv -NoTypeInformation
                $ready = Join-Path $TestDrive "ready$p$Unreachable"
                $command = "Import-Module '$manifest'; Connect-Callbell -BaseUri '$($shared.BaseUri)' -Token (ConvertTo-SecureString '$($shared.Token)' -AsPlainText -Force); `$rows = Import-Csv '$csv'; `$null = New-Item -ItemType File '$ready'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 2 }; `$rows | Set-CallbellContact -ErrorAction Stop; 'finished'"
                [pscustomobject]@{
                    Process = Start-Process $pwshPath -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $command -PassThru -RedirectStandardOutput (Join-Path $TestDrive "out$p$Unreachable.txt") -RedirectStandardError (Join-Path $TestDrive "err$p$Unreachable.txt")
                    Ready   = $ready
                    Output  = Join-Path $TestDrive "out$p$Unreachable.txt"
                    Errors  = Join-Path $TestDrive "err$p$Unreachable.txt"
                }
            }
        }
        finally { $env:CALLBELL_BUDGET_DIR = $before }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@($runs | Where-Object { Test-Path $_.Ready }).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        $shared.Journal.Reset() # their Connect-Callbell calls are not part of the runs
        $null = New-Item -ItemType File $go
        foreach ($run in $runs) {
            $run.Process.WaitForExit(90000) | Should -BeTrue -Because 'a run that hangs fails here, not the suite'
        }

        foreach ($run in $runs) {
            Get-Content $run.Errors -Raw | Should -BeNullOrEmpty
            Get-Content $run.Output | Should -Be 'finished'
        }
        $requests = @($shared.Journal.Requests)
        $writes = @($shared.Journal.Acted | Where-Object Method -eq 'PATCH')
        $writes.Count | Should -Be 600
        @($writes | Group-Object Path | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        $shared.Journal.RateLimited / $requests.Count | Should -BeLessOrEqual $MostRefused

        # While both ran, each had its share: the first runbook's contacts are 0..299.
        $first = @(0..299 | ForEach-Object { [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($_) })
        $answered = @($requests | Where-Object { -not $_.OverBudget } | Sort-Object ReceivedAt)
        $mine = { param($r) $first -contains ($r.Path -split '/')[-1] }
        $lastOfFirst = ($answered | Where-Object { & $mine $_ } | Select-Object -Last 1).ReceivedAt
        $lastOfSecond = ($answered | Where-Object { -not (& $mine $_) } | Select-Object -Last 1).ReceivedAt
        $overlap = @($answered | Where-Object ReceivedAt -le ([DateTimeOffset]::new([Math]::Min($lastOfFirst.UtcTicks, $lastOfSecond.UtcTicks), [TimeSpan]::Zero)))
        $share = @($overlap | Where-Object { & $mine $_ }).Count / $overlap.Count
        $share | Should -BeGreaterOrEqual 0.35 -Because 'the first runbook had its share while both ran'
        $share | Should -BeLessOrEqual 0.65 -Because 'the second runbook had its share while both ran'
    }
}

Describe 'Progress on long work' {
    BeforeAll {
        $script:progressBox = Start-CallbellSandbox -Contacts 200 -LatencyMs 20 -NoConnect
        $script:progressManifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
        # A runspace of its own, whose progress stream the test reads as a host would draw it.
        function script:Invoke-WithProgress([string] $script) {
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$progressManifest'; Connect-Callbell -BaseUri '$($progressBox.BaseUri)' -Token (ConvertTo-SecureString '$($progressBox.Token)' -AsPlainText -Force) -SkipValidation; `$ProgressPreference = 'Continue'`n$script")
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $async = $ps.BeginInvoke()
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'a hang fails here'
            $output = $ps.EndInvoke($async)
            [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error); Seconds = $clock.Elapsed.TotalSeconds }
        }
    }
    AfterAll { $progressBox | Stop-CallbellSandbox }

    It 'a bulk pipeline shows how many are done and failed, and how fast, a few times a second, then removes the bar' {
        $uuids = (0..199 | ForEach-Object { "'$([Callbell.Sandbox.Data.ContactGenerator]::UuidFor($_))'" }) -join ','
        $missing = "'ffff0000ffff0000ffff0000ffff0000','ffff0000ffff0000ffff0000ffff0001'"

        $run = Invoke-WithProgress "@($uuids) + @($missing) | Get-CallbellContact"

        $run.Output.Count | Should -Be 200
        $run.Errors.Count | Should -Be 2
        $bars = @($run.Progress | Where-Object { $_.Activity -eq 'Get-CallbellContact' })
        $updates = @($bars | Where-Object RecordType -eq 'Processing')
        $updates.Count | Should -BeGreaterThan 0
        $updates.Count | Should -BeLessOrEqual ([math]::Ceiling($run.Seconds * 4) + 1) -Because 'a few updates a second, not one per item'
        $updates[-1].StatusDescription | Should -Match '^[\d,.]+ done, [\d,.]+ failed'
        $bars[-1].RecordType | Should -Be 'Completed'
    }

    It 'Wait-CallbellMessage shows how many have settled and the time gone while it waits' {
        $run = Invoke-WithProgress "Send-CallbellMessage -To +393330000001 -Text 'progress' | Wait-CallbellMessage -TimeoutSec 20"

        $run.Output.Status | Should -BeIn 'delivered', 'read'
        $bars = @($run.Progress | Where-Object { $_.Activity -eq 'Wait-CallbellMessage' })
        $waiting = @($bars | Where-Object RecordType -eq 'Processing')
        $waiting.Count | Should -BeGreaterThan 0 -Because 'the sandbox settles a message on its second read, a poll interval later'
        $waiting[0].StatusDescription | Should -Match '^0 of 1 settled; \d+ s of 20 s'
        $waiting.PercentComplete | Should -Not -Contain -1
        $bars[-1].RecordType | Should -Be 'Completed'
    }
}
