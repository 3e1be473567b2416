; Inno Setup 6 script: the Windows installer of SmartGrowth Field Desk.
;
;   iscc /DAppVersion=0.1.0 installer\windows\smartgrowth.iss
;
; build.cmd (beside this file) builds the app with PyInstaller, then runs this with the
; version read from smartgrowth_desktop/__init__.py by installer/version.py: the version
; is never written here. Input: dist\smartgrowth-desk (the one-folder app).
; Output: dist\smartgrowth-desk-<version>-windows-x64-setup.exe
;
; Per-user install without administrator rights (%LOCALAPPDATA%\Programs), a Start-menu
; entry, an uninstaller that keeps the user's data unless they say otherwise.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (python installer\version.py prints it)
#endif

#define AppName "SmartGrowth Field Desk"
#define AppExe "smartgrowth.exe"
#define AppFolder "..\..\dist\smartgrowth-desk"
; where platformdirs puts the profile on Windows (services/profile.py: default_data_dir)
#define DataFolderName "smartgrowth-desk"

[Setup]
; The AppId identifies the app across versions (upgrades, uninstall): never change it.
AppId={{4B55BD05-AA4F-4F0E-872F-A602B88B5FFD}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=4SmartGrowth programme
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=smartgrowth-desk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\smartgrowth.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; An upgrade replaces the whole program folder (stale libraries of an older version must
; not linger); the user's data is elsewhere and is never touched.
Source: "{#AppFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Meeting notes, contacts and leads"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller removes the program. The user's profile (database, attachments,
// backups) lives in %LOCALAPPDATA%\smartgrowth-desk and stays unless the user asks, in
// answer to an explicit question whose default is No. A silent uninstall never deletes it.
function DataFolder: String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolderName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Question: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent or not DirExists(DataFolder) then
    Exit;
  Question := 'Also delete your SmartGrowth data?' + #13#10 + #13#10 +
    'Your meetings, contacts, leads, attachments and backups are in' + #13#10 +
    DataFolder + #13#10 + #13#10 +
    'Choose No to keep them (recommended): installing the app again finds them.' + #13#10 +
    'Choose Yes only if nothing in it is needed any more: it cannot be undone.';
  if MsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    if not DelTree(DataFolder, True, True, True) then
      MsgBox('Some files in ' + DataFolder + ' could not be deleted (is the app still open?).',
        mbError, MB_OK);
  end;
end;
